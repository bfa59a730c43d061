// The shipped templates/haproxy.cfg.hbs: one default weight for both instance forms, draining kept, and values that
// are neither form skipped (logged by key) instead of reaching the file; the result is checked by real `haproxy -c`.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/template/compile.js';
import { viewOf } from '../../src/template/test-support.js';
import { useTempDirs } from '../support/temp-dir.js';
import { TEMPLATE } from './haproxy-scene.js';

const tempDir = useTempDirs();

async function renderShipped(instances: Record<string, string>): Promise<{ out: string; warnings: Array<Record<string, unknown>> }> {
  const template = compileTemplate(await readFile(TEMPLATE, 'utf8'), TEMPLATE);
  const entries: Record<string, string> = { '/services/web/port': '8080' };
  for (const [id, value] of Object.entries(instances)) entries[`/services/web/instances/${id}`] = value;
  const warnings: Array<Record<string, unknown>> = [];
  const out = template.render(viewOf(entries), { env: {}, warn: (message, fields) => warnings.push({ message, ...fields }) });
  return { out, warnings };
}

async function haproxyCheck(config: string): Promise<void> {
  const file = join(await tempDir(), 'haproxy.cfg');
  await writeFile(file, config);
  await promisify(execFile)('haproxy', ['-c', '-f', file]);
}

const servers = (out: string): string[] =>
  out
    .split('\n')
    .filter((l) => l.trimStart().startsWith('server '))
    .map((l) => l.trim());

describe('templates/haproxy.cfg.hbs', () => {
  it('gives plain and JSON instances the same default weight and keeps weight 0 (draining)', async () => {
    const { out, warnings } = await renderShipped({
      plain: '10.0.0.1:80',
      json: '{"host": "10.0.0.2", "port": 80}',
      heavy: '{"host": "10.0.0.3", "port": "81", "weight": 50}',
      drain: '{"host": "10.0.0.4", "port": 82, "weight": 0}',
    });
    expect(servers(out)).toEqual([
      'server drain 10.0.0.4:82 check weight 0',
      'server heavy 10.0.0.3:81 check weight 50',
      'server json 10.0.0.2:80 check weight 100',
      'server plain 10.0.0.1:80 check weight 100',
    ]);
    expect(warnings).toEqual([]);
    await haproxyCheck(out);
  });

  it('skips values that are neither form, logging the key and never the value', async () => {
    const injected = '10.0.0.1:80 check\n    http-request return status 200 content-type text/plain string SECRET';
    const { out, warnings } = await renderShipped({
      good: '10.0.0.9:80',
      newline: injected,
      spaced: '10.0.0.1:80 backup',
      jsonInjected: JSON.stringify({ host: '10.0.0.1:80\nhttp-request deny', port: 80 }),
      badPort: '10.0.0.1:99999',
      badWeight: '{"host": "h", "port": 80, "weight": "1\\nfoo"}',
      notJson: '{host: x}',
    });
    expect(servers(out)).toEqual(['server good 10.0.0.9:80 check weight 100']);
    expect(out).not.toMatch(/http-request (return|deny)|SECRET|backup/);
    expect(warnings.map((w) => w['key']).sort()).toEqual(
      ['badPort', 'badWeight', 'jsonInjected', 'newline', 'notJson', 'spaced'].map((id) => `/services/web/instances/${id}`).sort(),
    );
    expect(JSON.stringify(warnings)).not.toMatch(/SECRET|10\.0\.0\.1|deny|99999/);
    await haproxyCheck(out);
  });
});

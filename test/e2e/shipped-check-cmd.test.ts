// The check_cmd the README and the shipped conf.d/deploy files give for HAProxy: a rejected config must be reported
// with HAProxy's own reason (no -q, which silences it down to "exit code 1").
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { writeConfdir } from '../cli/confdir.js';
import { runCli } from '../cli/run-cli.js';
import { useTempDirs } from '../support/temp-dir.js';

const ROOT = resolve(import.meta.dirname, '../..');
const tempDir = useTempDirs();

describe('the shipped HAProxy check_cmd', () => {
  it('is the same everywhere it is shown', async () => {
    const shipped = (parse(await readFile(join(ROOT, 'conf.d/haproxy.yaml'), 'utf8')) as { check_cmd: string }).check_cmd;
    expect(shipped).not.toMatch(/\s-q\b/);
    for (const file of ['README.md', 'deploy/docker/conf.d/haproxy.yaml', 'deploy/docker/compose.sidecar.yaml']) {
      const text = await readFile(join(ROOT, file), 'utf8');
      expect(text, file).toContain(`check_cmd: ${shipped}`);
      expect(text, file).not.toMatch(/haproxy -c -q/);
    }
  });

  it("reports a rejected config with HAProxy's reason", async () => {
    const shipped = (parse(await readFile(join(ROOT, 'conf.d/haproxy.yaml'), 'utf8')) as { check_cmd: string }).check_cmd;
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: {
        'haproxy.yaml': `src: haproxy.cfg.hbs\ndest: ${join(dir, 'haproxy.cfg')}\nkeys: [/a]\ncheck_cmd: ${JSON.stringify(shipped)}\n`,
      },
      templates: { 'haproxy.cfg.hbs': 'global\n  bogus_directive 1\n' },
    });
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.code).toBe(7);
    expect(r.stdout + r.stderr).toContain("unknown keyword 'bogus_directive'");
  });
});

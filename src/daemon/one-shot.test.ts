import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEnvSource } from '../backends/env-source.js';
import { SILENT_LOGGER } from '../log/logger.js';
import type { CompiledTemplate } from '../template/compile.js';
import { TemplateStore } from '../template/template-store.js';
import { testResource } from '../../test/support/daemon.js';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { runOneShot } from './one-shot.js';
import type { TemplateSource } from './render-resource.js';

const tempDir = useTempDirs();

const OPTIONS = { syncOnly: false, keepStageFile: false, dryRun: false, maxOutputSize: 1 << 20 };

// A TemplateStore that counts how often each template is asked for.
function countingTemplates(): { templates: TemplateSource; gets: Map<string, number> } {
  const cache = new TemplateStore();
  const gets = new Map<string, number>();
  const templates = {
    get(file: string): Promise<CompiledTemplate> {
      gets.set(file, (gets.get(file) ?? 0) + 1);
      return cache.get(file);
    },
  };
  return { templates, gets };
}

describe('runOneShot', () => {
  it('asks for each template once however many resources use it, and renders every resource', async () => {
    const dir = await tempDir();
    const shared = join(dir, 'svc.hbs');
    await writeFile(shared, '{{#each (gets "/*")}}{{key}}={{value}}\n{{/each}}');
    const resources = ['a', 'b', 'c'].map((name) => ({
      ...testResource(dir, name, [`/svc/${name}`], { src: shared }),
      prefix: `/svc/${name}`,
    }));
    const { templates, gets } = countingTemplates();
    const source = createEnvSource({ env: { SVC_A_ADDR: '1', SVC_B_ADDR: '2', SVC_C_ADDR: '3' } });
    const { results } = await runOneShot(
      { resources, source, deps: { templates, env: {}, logger: SILENT_LOGGER, options: OPTIONS }, logger: SILENT_LOGGER, waitForDataMs: 0 },
      new AbortController().signal,
    );
    expect(results.map((r) => r.outcome)).toEqual(['written', 'written', 'written']);
    expect(await readFile(resources[1]?.dest ?? '', 'utf8')).toBe('/addr=2\n');
    expect([...gets]).toEqual([[shared, 1]]);
  });

  it('fails every resource whose template is missing, naming it, and still renders the others', async () => {
    const dir = await tempDir();
    const good = join(dir, 'good.hbs');
    await writeFile(good, 'ok\n');
    const missing = join(dir, 'missing.hbs');
    const resources = [
      testResource(dir, 'a', ['/x'], { src: missing }),
      testResource(dir, 'b', ['/x'], { src: good }),
      testResource(dir, 'c', ['/x'], { src: missing }),
    ];
    const { templates, gets } = countingTemplates();
    const { results } = await runOneShot(
      {
        resources,
        source: createEnvSource({ env: {} }),
        deps: { templates, env: {}, logger: SILENT_LOGGER, options: OPTIONS },
        logger: SILENT_LOGGER,
        waitForDataMs: 0,
      },
      new AbortController().signal,
    );
    expect(results.map((r) => r.outcome)).toEqual(['failed', 'written', 'failed']);
    for (const r of [results[0], results[2]]) expect(String(r?.error)).toContain(missing);
    expect(gets.get(missing)).toBe(1);
  });
});

// confd's own integration data (test/fixtures/confd-suite) rendered through the whole pipeline from any backend.
import { cp, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { convertConfdir } from '../../src/convert/convert-confdir.js';
import type { KeySource } from '../../src/backends/key-source.js';
import { loadResources } from '../../src/config/load-resources.js';
import { runOneShot } from '../../src/daemon/one-shot.js';
import { SILENT_LOGGER } from '../../src/log/logger.js';
import { TemplateStore } from '../../src/template/template-store.js';

export const SUITE_DIR = resolve(import.meta.dirname, '../fixtures/confd-suite');

/** confd's test data, as its integration scripts write it. */
export const SUITE_DATA: Record<string, string> = {
  '/key': 'foobar',
  '/database/host': '127.0.0.1',
  '/database/password': 'p@sSw0rd',
  '/database/port': '3306',
  '/database/username': 'confd',
  '/upstream/app1': '10.0.1.10:8080',
  '/upstream/app2': '10.0.1.11:8080',
  '/prefix/upstream/app1': '10.0.1.10:8080',
  '/prefix/upstream/app2': '10.0.1.11:8080',
  // must never show up in /upstream output
  '/upstreamx/app3': '10.9.9.9:1',
};

/** Which expected file each resource must equal (nested, in confd's go/ only, has no expected file). */
const EXPECT: Record<string, { file: string; mode: number } | null> = {
  basic: { file: 'basic.conf', mode: 0o644 },
  exists: { file: 'exists-test.conf', mode: 0o644 },
  iteration: { file: 'iteration.conf', mode: 0o644 },
  manykeys: { file: 'basic.conf', mode: 0o644 },
  nested: null,
  prefixed: { file: 'iteration.conf', mode: 0o640 },
};

export type SuiteVariant = 'handlebars' | 'converted';

/** Copy the suite into `dir` as a confdir with @OUT@ → dir/out. */
export async function makeSuiteConfdir(dir: string): Promise<{ confdir: string; out: string }> {
  const confdir = join(dir, 'confdir');
  const out = join(dir, 'out');
  await mkdir(join(confdir, 'conf.d'), { recursive: true });
  await mkdir(out);
  await cp(join(SUITE_DIR, 'templates'), join(confdir, 'templates'), { recursive: true });
  for (const f of await readdir(join(SUITE_DIR, 'conf.d'))) {
    const text = await readFile(join(SUITE_DIR, 'conf.d', f), 'utf8');
    await writeFile(join(confdir, 'conf.d', f), text.replaceAll('@OUT@', out));
  }
  return { confdir, out };
}

/**
 * confd's own resources and Go templates (go/) through `confetti convert` into `dir`, every dest moved into dir/out.
 * The conversion must need no person.
 */
export async function makeConvertedConfdir(dir: string): Promise<{ confdir: string; out: string }> {
  const confdir = join(dir, 'confdir');
  const out = join(dir, 'out');
  await mkdir(out, { recursive: true });
  const outcomes = await convertConfdir(join(SUITE_DIR, 'go'), confdir, { force: false, dryRun: false });
  expect(outcomes.map((o) => [o.name, o.status, o.notes])).toEqual(
    ['basic', 'exists', 'iteration', 'manykeys', 'nested'].map((n) => [n, 'converted', []]),
  );
  for (const f of await readdir(join(confdir, 'conf.d'))) {
    const file = join(confdir, 'conf.d', f);
    const resource = parse(await readFile(file, 'utf8')) as { dest: string };
    await writeFile(file, stringify({ ...resource, dest: join(out, basename(resource.dest)) }));
  }
  return { confdir, out };
}

/** Render the suite once from `source` and compare every file byte for byte. */
export async function renderSuiteAndCompare(dir: string, source: KeySource, variant: SuiteVariant = 'handlebars'): Promise<void> {
  const { confdir, out } = variant === 'converted' ? await makeConvertedConfdir(dir) : await makeSuiteConfdir(dir);
  const { resources, problems } = await loadResources({ confdir, prefix: '/' });
  expect(problems).toEqual([]);
  const names =
    variant === 'converted'
      ? ['basic', 'exists', 'iteration', 'manykeys', 'nested']
      : ['basic', 'exists', 'iteration', 'manykeys', 'prefixed'];
  expect(resources.map((r) => r.name)).toEqual(names);
  const { results } = await runOneShot(
    {
      resources,
      source,
      logger: SILENT_LOGGER,
      waitForDataMs: 0,
      deps: {
        templates: new TemplateStore(),
        env: { HOSTNAME: 'localhost' },
        logger: SILENT_LOGGER,
        options: { syncOnly: false, keepStageFile: false, dryRun: false, maxOutputSize: 1 << 20 },
      },
    },
    new AbortController().signal,
  );
  expect(results.map((r) => [r.resource.name, r.outcome, r.error])).toEqual(resources.map((r) => [r.name, 'written', undefined]));
  for (const r of resources) {
    const want = EXPECT[r.name];
    if (want === undefined) throw new Error(`no expectation for ${r.name}`);
    if (want === null) continue;
    const got = await readFile(r.dest);
    expect(got.toString('utf8'), r.name).toBe(await readFile(join(SUITE_DIR, 'expect', want.file), 'utf8'));
    expect((await stat(r.dest)).mode & 0o777, `${r.name} mode`).toBe(want.mode);
  }
  expect((await readdir(out)).filter((f) => f.startsWith('.'))).toEqual([]); // no stage files left
}

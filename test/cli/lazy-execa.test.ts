// execa (and node:child_process under it) stays off the start-up path: a render that runs no command never loads it.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { writeConfdir } from './confdir.js';
import { CLI } from './run-cli.js';

const tempDir = useTempDirs('confetti-lazy-');

// Preloaded into the CLI: records, at exit, which child_process modules Node loaded.
const PROBE = `process.on('exit', () => require('fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify(process.moduleLoadList.filter((m) => m.endsWith('child_process')))));`;

async function renderLoads(resource: string): Promise<string[]> {
  const dir = await tempDir();
  const { confdir, data } = await writeConfdir(dir, {
    resources: { 'a.yaml': resource },
    templates: { 'a.hbs': '{{getv "/a/x"}}\n' },
    data: { a: { x: '1' } },
  });
  await writeFile(join(dir, 'probe.cjs'), PROBE);
  const out = join(dir, 'loaded.json');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, PROBE_OUT: out };
  await promisify(execFile)(
    process.execPath,
    ['--require', join(dir, 'probe.cjs'), CLI, 'render', '--confdir', confdir, '--backend', 'file', '--file', data],
    { env },
  );
  return JSON.parse(await readFile(out, 'utf8')) as string[];
}

describe('start-up path', () => {
  it('a one-shot render without commands loads neither execa nor node:child_process', async () => {
    expect(await renderLoads('src: a.hbs\ndest: ../a.conf\nkeys: [/a]\n')).toEqual([]);
  });

  it('a render with a check_cmd does load them (the probe sees the difference)', async () => {
    expect(await renderLoads('src: a.hbs\ndest: ../a.conf\nkeys: [/a]\ncheck_cmd: "true"\n')).toContain('NativeModule child_process');
  });
});

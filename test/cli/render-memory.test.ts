// --max-output-size bounds a render's memory, nesting included: under a 128 MB heap a runaway nested #each fails
// with OUTPUT_TOO_LARGE (or RENDER_TIMEOUT) instead of V8 aborting the process, and a watch daemon survives it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnCli, stopAll } from '../e2e/processes.js';
import { useTempDirs } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { writeConfdir } from './confdir.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=128' };
const resource = (name: string, dest: string): string => `src: ${name}.hbs\ndest: ${dest}\nkeys: [/a]\n`;

afterEach(stopAll);

describe('a runaway nested #each under a small heap', () => {
  it.each([
    ['constant text', '{{#each (seq 1 1000000)}}{{#each (seq 1 1000000)}}x{{/each}}{{/each}}'],
    ['a new string per item', '{{#each (seq 1 1000000)}}{{#each (seq 1 1000000)}}{{@index}}{{/each}}{{/each}}'],
    ['three levels', '{{#each (seq 1 1000000)}}{{#each (seq 1 1000000)}}{{#each (seq 1 100)}}y{{/each}}{{/each}}{{/each}}'],
  ])(
    'fails cleanly with OUTPUT_TOO_LARGE: %s',
    async (_name, template) => {
      const dir = await tempDir();
      const { confdir, data } = await writeConfdir(dir, {
        resources: { 'big.yaml': resource('big', join(dir, 'big.out')) },
        templates: { 'big.hbs': template },
        data: { a: 1 },
      });
      const result = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data], {
        env: SMALL_HEAP,
        timeoutMs: 60_000,
      });
      expect(result.stderr).not.toMatch(/heap out of memory|FATAL/);
      expect(result.code).toBe(5); // a template failure: the template stage's exit code
      expect(result.stdout + result.stderr).toMatch(/big\.hbs:1:\d+: output exceeds maxOutputSize/);
    },
    90_000,
  );

  it('leaves a watch daemon running, and its other resources rendered', async () => {
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: { 'big.yaml': resource('big', join(dir, 'big.out')), 'ok.yaml': resource('ok', join(dir, 'ok.out')) },
      templates: {
        'big.hbs': '{{#each (seq 1 1000000)}}{{#each (seq 1 1000000)}}{{@index}}{{/each}}{{/each}}',
        'ok.hbs': 'a={{getv "/a"}}\n',
      },
      data: { a: 1 },
    });
    const watch = spawnCli(['watch', '--confdir', confdir, '--backend', 'file', '--file', data], SMALL_HEAP);
    await waitFor(() => /output exceeds maxOutputSize/.test(watch.output()), 'the big render to fail', 60_000, 50);
    expect(await waitFor(() => readFile(join(dir, 'ok.out'), 'utf8'), 'ok.out', 30_000, 50)).toBe('a=1\n');
    // Still alive and answering signals: SIGTERM ends it cleanly.
    expect(watch.child.exitCode).toBeNull();
    await watch.stop('SIGTERM');
    expect(await watch.exited).toEqual({ code: 0, signal: null });
    expect(watch.output()).not.toMatch(/heap out of memory|FATAL/);
  }, 90_000);
});

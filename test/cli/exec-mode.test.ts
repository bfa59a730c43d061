// `confetti watch --exec LINE` through the built CLI: the line has full `sh -c` semantics and its exit code is ours.
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { spawnCli, stopAll } from '../e2e/processes.js';
import { writeConfdir } from './confdir.js';

const tempDir = useTempDirs('confetti-exec-');
afterEach(stopAll);

async function watchArgs(...exec: string[]): Promise<{ args: string[] }> {
  const dir = await tempDir();
  const { confdir, data } = await writeConfdir(dir, {
    resources: { 'a.yaml': 'src: a.hbs\ndest: ../a.conf\nkeys: [/a]\n' },
    templates: { 'a.hbs': '{{getv "/a/x"}}\n' },
    data: { a: { x: '1' } },
  });
  return { args: ['watch', '--confdir', confdir, '--backend', 'file', '--file', data, '--no-watch-config', ...exec] };
}

describe('watch --exec', () => {
  it('exits with the code of `sleep 0.3; exit 3` (not the 0 of sleep)', async () => {
    const { args } = await watchArgs('--exec', 'sleep 0.3; exit 3');
    const watch = spawnCli(args);
    expect(await watch.exited).toEqual({ code: 3, signal: null });
    expect(watch.output()).toMatch(/child died unexpectedly .*code=3/);
  });

  it('runs `cd DIR && …` and, on SIGTERM, stops it and exits with its status', async () => {
    const dir = await tempDir();
    const { args } = await watchArgs('--exec', `cd ${dir} && pwd > here && sleep 30`);
    const watch = spawnCli(args);
    await waitFor(async () => (await readFile(join(dir, 'here'), 'utf8').catch(() => '')) === `${dir}\n`, 'the child line to run');
    await watch.stop('SIGTERM');
    // SIGTERM was forwarded to the line's group: sleep died of it and the shell reported 143.
    expect(await watch.exited).toEqual({ code: 128 + 15, signal: null });
    expect(watch.output()).not.toMatch(/not found/);
  });
});

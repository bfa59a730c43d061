// `confetti watch` under systemd Type=notify: READY=1 reaches $NOTIFY_SOCKET (a real unix datagram socket).
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { notifyReady } from '../../src/commands/sd-notify.js';
import { SILENT_LOGGER } from '../../src/log/logger.js';
import { useTempDirs } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { spawnCli, spawnProc, stopAll } from './processes.js';

const LISTENER = resolve(import.meta.dirname, 'fixtures/notify-listener.py');
const tempDir = useTempDirs('confetti-notify-');
afterEach(stopAll);

async function listen(dir: string, watched?: string): Promise<{ socket: string; proc: ReturnType<typeof spawnProc> }> {
  const socket = join(dir, 'notify.sock');
  const proc = spawnProc('python3', [LISTENER, socket, ...(watched === undefined ? [] : [watched])]);
  await waitFor(() => proc.output().includes('listening'), 'the notify listener', 5_000, 20);
  return { socket, proc };
}

it('sends READY=1 with MAINPID once every resource rendered', async () => {
  const dir = await tempDir();
  await mkdir(join(dir, 'conf.d'));
  await mkdir(join(dir, 'templates'));
  await writeFile(join(dir, 'templates', 'a.hbs'), 'x={{getv "/x"}}\n');
  // a slow check: READY=1 sent before the render would arrive a second before the file exists
  await writeFile(join(dir, 'conf.d', 'a.yaml'), `src: a.hbs\ndest: ${join(dir, 'a.out')}\nkeys: [/x]\ncheck_cmd: sleep 1\n`);
  await writeFile(join(dir, 'data.yaml'), 'x: 1\n');
  const { socket, proc } = await listen(dir, join(dir, 'a.out'));
  const watch = spawnCli(['watch', '--confdir', dir, '--backend', 'file', '--file', join(dir, 'data.yaml')], { NOTIFY_SOCKET: socket });
  const exit = await proc.exited;
  expect(exit.code).toBe(0);
  expect(proc.output()).toContain(`READY=1`);
  expect(proc.output()).toContain(`MAINPID=${watch.pid}`);
  // the listener looked at dest the moment READY=1 arrived: the first render had written it
  expect(proc.output()).toContain('at READY: present x=1|');
  await watch.stop('SIGTERM');
}, 20_000);

it('does nothing without $NOTIFY_SOCKET and reports a missing systemd-notify instead of throwing', async () => {
  expect(await notifyReady({ env: {}, logger: SILENT_LOGGER })).toBe(false);
  const dir = await tempDir();
  expect(
    await notifyReady({ env: { NOTIFY_SOCKET: join(dir, 'none.sock') }, logger: SILENT_LOGGER, bin: join(dir, 'no-such-binary') }),
  ).toBe(false);
});

it('delivers READY=1 to the socket from the library call', async () => {
  const { socket, proc } = await listen(await tempDir());
  expect(await notifyReady({ env: { NOTIFY_SOCKET: socket }, logger: SILENT_LOGGER, status: 'ok' })).toBe(true);
  await proc.exited;
  expect(proc.output()).toMatch(/READY=1\|STATUS=ok\|MAINPID=\d+/);
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SILENT_LOGGER } from '../log/logger.js';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { waitFor } from '../../test/support/wait-for.js';
import { ChildSupervisor, type ChildOptions } from './child-supervisor.js';

const tempDir = useTempDirs('confetti-child-');
const started: ChildSupervisor[] = [];
// A failed assertion must not leave a child running.
afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.stop()));
});

function supervisor(command: string, more: Partial<ChildOptions> = {}): ChildSupervisor {
  return track(
    new ChildSupervisor({
      command,
      reloadSignal: undefined,
      killSignal: 'SIGTERM',
      killTimeoutMs: 5_000,
      restart: false,
      logger: SILENT_LOGGER,
      ...more,
    }),
  );
}

function track(child: ChildSupervisor): ChildSupervisor {
  started.push(child);
  return child;
}

const read = (file: string): Promise<string> => readFile(file, 'utf8').catch(() => '');

/** The command names (comm) of a process's children, from /proc. */
async function childCommands(pid: number | undefined): Promise<string[]> {
  if (pid === undefined) return [];
  const children = (await read(`/proc/${pid}/task/${pid}/children`)).trim().split(/\s+/).filter(Boolean);
  return Promise.all(children.map(async (c) => (await read(`/proc/${c}/comm`)).trim()));
}

// A child that logs its start (once its traps are set) and each USR2 to `log`, and exits 0 on TERM.
const trapping = (log: string): string =>
  `sh -c 'trap "echo usr2 >> ${log}" USR2; trap "exit 0" TERM; echo start >> ${log}; while true; do sleep 0.05; done'`;

it('sends the reload signal to the running child', async () => {
  const log = join(await tempDir(), 'log');
  const child = supervisor(trapping(log), { reloadSignal: 'SIGUSR2' });
  child.start();
  await waitFor(async () => (await read(log)).includes('start'), 'start');
  child.reload();
  await waitFor(async () => (await read(log)).includes('usr2'), 'the reload signal');
  expect(await child.stop()).toBe(0);
  expect((await read(log)).match(/start/g)).toHaveLength(1);
});

it('restarts the child when no reload signal is set', async () => {
  const log = join(await tempDir(), 'log');
  const child = supervisor(trapping(log));
  child.start();
  await waitFor(async () => (await read(log)).includes('start'), 'start');
  child.reload();
  await waitFor(async () => (await read(log)).match(/start/g)?.length === 2, 'a second start');
  expect(child.died.aborted).toBe(false);
  expect(await child.stop()).toBe(0);
});

it('SIGKILLs a child that ignores its kill signal after the kill timeout', async () => {
  const log = join(await tempDir(), 'log');
  const child = supervisor(`sh -c 'trap "" TERM; echo start >> ${log}; while true; do sleep 0.05; done'`, { killTimeoutMs: 200 });
  child.start();
  await waitFor(async () => (await read(log)).includes('start'), 'start');
  const started = Date.now();
  expect(await child.stop()).toBe(128 + 9);
  expect(Date.now() - started).toBeGreaterThanOrEqual(190);
});

it('aborts `died` with the exit code when the child exits on its own', async () => {
  const child = supervisor('sh -c "exit 4"');
  child.start();
  await waitFor(() => child.died.aborted, 'died');
  expect(String(child.died.reason)).toMatch(/exited unexpectedly with code 4/);
  expect(await child.stop()).toBe(4);
});

it('forwards a stop signal and reports the exit code without treating it as a death', async () => {
  const log = join(await tempDir(), 'log');
  const child = supervisor(`sh -c 'echo start >> ${log}; trap "exit 7" INT; while true; do sleep 0.05; done'`);
  child.start();
  await waitFor(async () => (await read(log)).includes('start'), 'start');
  child.forward('SIGINT');
  expect(await child.stop()).toBe(7);
  expect(child.died.aborted).toBe(false);
});

describe('a child line with shell operators keeps full sh -c semantics', () => {
  it('runs `cd DIR && …` (a builtin first) and reports the status of the command stopped', async () => {
    const dir = await tempDir();
    const child = supervisor(`cd ${dir} && pwd > here && sleep 30`);
    child.start();
    await waitFor(async () => (await read(join(dir, 'here'))) === `${dir}\n`, 'pwd written from the cd target');
    // A signal that reaches the group while sh has forked sleep but not yet exec'd it is taken by sh's trap in the fork
    // and lost (the kill timeout would end it with SIGKILL): wait until sleep itself runs.
    await waitFor(async () => (await childCommands(child.pid)).includes('sleep'), 'sleep running under the shell');
    // SIGTERM went to the group: sleep died of it (143) and the shell ended with that status.
    expect(await child.stop()).toBe(128 + 15);
    expect(child.died.aborted).toBe(false);
  });

  it("exits with the line's own status: `sleep 0.2; exit 3` is 3, not sleep's 0", async () => {
    const child = supervisor('sleep 0.2; exit 3');
    child.start();
    await waitFor(() => child.died.aborted, 'died');
    expect(String(child.died.reason)).toMatch(/exited unexpectedly with code 3/);
    expect(await child.stop()).toBe(3);
  });

  it('delivers the reload signal to the real process without killing the shell, and stop signals with their exit code', async () => {
    const dir = await tempDir();
    const log = join(dir, 'log');
    const child = supervisor(`cd ${dir} && ${trapping(log)}`, { reloadSignal: 'SIGUSR2' });
    child.start();
    await waitFor(async () => (await read(log)).includes('start'), 'start');
    child.reload();
    await waitFor(async () => (await read(log)).includes('usr2'), 'the reload signal');
    child.reload();
    await waitFor(async () => (await read(log)).match(/usr2/g)?.length === 2, 'a second reload signal');
    expect(child.running).toBe(true);
    expect((await read(log)).match(/start/g)).toHaveLength(1);
    // The trapping program exits 0 on TERM: that, not the shell's 143, is the exit code.
    expect(await child.stop()).toBe(0);
  });
});

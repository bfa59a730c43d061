import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './run-command.js';
import { shellQuote } from './shell-quote.js';
import { FAIL_SH, SLOW_SH, isProcessAlive, waitUntil } from '../../test/fixtures/commands/fixtures.js';

let dir: string;
const signal = new AbortController().signal;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'confetti-cmd-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The shell creates the file before it writes the PID: an empty read is PID 0, and `process.kill(0)` would signal
// this test run's own process group. Wait for a real PID.
async function readPid(file: string): Promise<number> {
  let pid = 0;
  await waitUntil(() => existsSync(file) && (pid = Number(readFileSync(file, 'utf8').trim())) > 1, `a PID in ${file}`);
  return pid;
}

describe('runCommand', () => {
  it('reports exit code 0 and the output of a succeeding command', async () => {
    const outcome = await runCommand('echo hello; echo world >&2', { timeoutMs: 5_000, signal });
    expect(outcome).toMatchObject({ exitCode: 0, timedOut: false, signal: undefined });
    expect(outcome.output).toBe('hello\nworld');
    expect(outcome.ms).toBeGreaterThanOrEqual(0);
  });

  it('returns a non-zero exit with stderr instead of throwing', async () => {
    const outcome = await runCommand(`${FAIL_SH} input.cfg`, { timeoutMs: 5_000, signal });
    expect(outcome.exitCode).toBe(3);
    expect(outcome.timedOut).toBe(false);
    expect(outcome.output).toContain('something is wrong with input.cfg');
    expect(outcome.output).toContain('about to fail');
  });

  it('keeps only the last ~8 KiB of output', async () => {
    const outcome = await runCommand(`i=0; while [ $i -lt 2000 ]; do echo "line $i"; i=$((i+1)); done`, { timeoutMs: 10_000, signal });
    expect(outcome.output.length).toBeLessThanOrEqual(8 * 1024 + 1);
    expect(outcome.output.endsWith('line 1999')).toBe(true);
    expect(outcome.output).not.toContain('line 0\n');
  });

  it('kills the whole process group on timeout: no grandchild survives', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const started = Date.now();
    const outcome = await runCommand(`${SLOW_SH} ${shellQuote(pidFile)} 100`, { timeoutMs: 400, signal });
    expect(outcome.timedOut).toBe(true);
    expect(outcome.exitCode).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5_000);
    const grandchild = await readPid(pidFile);
    await waitUntil(() => !isProcessAlive(grandchild), `grandchild ${grandchild} to die`);
  });

  it("leaves no survivor of sh -c 'sleep 100 & sleep 100'", async () => {
    const pidFile = join(dir, 'bg.pid');
    const outcome = await runCommand(`sleep 100 & echo $! > ${shellQuote(pidFile)}; sleep 100`, { timeoutMs: 300, signal });
    expect(outcome.timedOut).toBe(true);
    const bg = await readPid(pidFile);
    await waitUntil(() => !isProcessAlive(bg), `background sleep ${bg} to die`);
  });

  it('SIGKILLs a group that ignores SIGTERM', async () => {
    const pidFile = join(dir, 'stubborn.pid');
    const outcome = await runCommand(`${SLOW_SH} ${shellQuote(pidFile)} 100`, {
      timeoutMs: 300,
      signal,
      env: { SLOW_IGNORE_TERM: '1' },
    });
    expect(outcome.timedOut).toBe(true);
    const grandchild = await readPid(pidFile);
    await waitUntil(() => !isProcessAlive(grandchild), `grandchild ${grandchild} to die`);
  });

  it('does not hang when a finished command left a background child holding its output pipe', async () => {
    const pidFile = join(dir, 'holder.pid');
    const outcome = await runCommand(`sleep 100 & echo $! > ${shellQuote(pidFile)}; exit 0`, { timeoutMs: 500, signal });
    // The pipe stayed open until the timeout killed the group: reported as a timeout, not a silent hang.
    expect(outcome.timedOut).toBe(true);
    const bg = await readPid(pidFile);
    await waitUntil(() => !isProcessAlive(bg), `background sleep ${bg} to die`);
  });

  it('resolves at the timeout even when a process that left the group still holds the output pipe', async () => {
    const pidFile = join(dir, 'escaped.pid');
    // setsid: a new session, out of reach of the group kill; it keeps our stdout open for 100 s.
    const outcome = await runCommand(`setsid sh -c 'echo $$ > ${shellQuote(pidFile)}; exec sleep 100' & wait`, { timeoutMs: 300, signal });
    const escaped = await readPid(pidFile);
    process.kill(escaped, 'SIGKILL');
    expect(outcome.timedOut).toBe(true);
    expect(outcome.ms).toBeLessThan(5_000);
  });

  it('kills the group and throws the abort reason when the signal aborts', async () => {
    const pidFile = join(dir, 'cancel.pid');
    const controller = new AbortController();
    const running = runCommand(`${SLOW_SH} ${shellQuote(pidFile)} 100`, { timeoutMs: 60_000, signal: controller.signal });
    const grandchild = await readPid(pidFile);
    controller.abort(new Error('stopping'));
    await expect(running).rejects.toThrow('stopping');
    await waitUntil(() => !isProcessAlive(grandchild), `grandchild ${grandchild} to die`);
  });

  it('refuses to start when the signal is already aborted', async () => {
    const marker = join(dir, 'ran');
    await expect(runCommand(`touch ${shellQuote(marker)}`, { timeoutMs: 1_000, signal: AbortSignal.abort() })).rejects.toThrow();
    expect(existsSync(marker)).toBe(false);
  });

  it('reports a command that cannot start (missing cwd) with the reason in its output', async () => {
    const outcome = await runCommand('true', { timeoutMs: 1_000, signal, cwd: join(dir, 'missing') });
    expect(outcome.exitCode).not.toBe(0);
    expect(outcome.output).toMatch(/missing|ENOENT/);
  });

  it('reports a command the system refuses to start (a NUL in it) as an outcome instead of throwing', async () => {
    const outcome = await runCommand('echo a\0b', { timeoutMs: 1_000, signal });
    expect(outcome.exitCode).toBeUndefined();
    expect(outcome.output).toMatch(/failed to start/);
  });

  it('gives a timed-out group its grace before SIGKILL: a TERM trap finishes its cleanup', async () => {
    const marker = join(dir, 'cleaned');
    // The shell dies at once; the subshell it started traps TERM and needs 0.3 s to clean up.
    const command = `(trap 'sleep 0.3; touch ${shellQuote(marker)}; exit 1' TERM; sleep 100 & wait) & wait`;
    const outcome = await runCommand(command, { timeoutMs: 300, signal });
    expect(outcome.timedOut).toBe(true);
    await waitUntil(() => existsSync(marker), 'the TERM trap to finish');
  });

  it('passes env and cwd', async () => {
    const outcome = await runCommand('echo "$CONFETTI_TEST_VAR"; pwd', {
      timeoutMs: 1_000,
      signal,
      cwd: dir,
      env: { CONFETTI_TEST_VAR: 'v1' },
    });
    expect(outcome.output).toBe(`v1\n${dir}`);
  });
});

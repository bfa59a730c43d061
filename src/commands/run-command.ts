import { describeError, type CommandOutcome } from '../errors.js';
import { OutputTail } from './output-tail.js';
import { FORCE_KILL_AFTER_MS, guardProcessGroup } from './process-group.js';
import { nowMs } from '../clock.js';
import { loadExeca } from './load-execa.js';

export interface RunCommandOptions {
  timeoutMs: number;
  signal: AbortSignal;
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/**
 * Runs `command` with /bin/sh in its own process group, through execa. Never throws for a non-zero exit, a timeout
 * or a failed spawn (all are in the outcome); throws `signal.reason` when aborted, after the group is killed.
 * It resolves once the shell exited and its output pipes closed (a background child still holding them is waited
 * for, up to the timeout). execa kills the shell; the group guard kills whatever the shell started.
 */
export async function runCommand(command: string, opts: RunCommandOptions): Promise<CommandOutcome> {
  opts.signal.throwIfAborted();
  const started = nowMs();
  const tail = new OutputTail();
  const outcome = (fields: Pick<CommandOutcome, 'exitCode' | 'signal' | 'timedOut'>): CommandOutcome => ({
    command,
    ...fields,
    output: tail.text(),
    ms: Math.round(nowMs() - started),
  });
  const { execa } = await loadExeca();
  let subprocess;
  try {
    subprocess = execa('/bin/sh', ['-c', command], {
      detached: true,
      stdin: 'ignore',
      buffer: false,
      reject: false,
      ...(opts.timeoutMs > 0 ? { timeout: opts.timeoutMs } : {}),
      forceKillAfterDelay: FORCE_KILL_AFTER_MS,
      cancelSignal: opts.signal,
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
      ...(opts.env === undefined ? {} : { env: opts.env }),
    });
  } catch (error) {
    // execa validates its arguments before spawning: a NUL in the command is refused before any process exists.
    tail.push(`failed to start /bin/sh: ${describeError(error)}`);
    return outcome({ exitCode: undefined, signal: undefined, timedOut: false });
  }
  const push = (chunk: Buffer | string): void => tail.push(chunk);
  subprocess.stdout?.on('data', push);
  subprocess.stderr?.on('data', push);
  // After a timeout or abort killed the group, a survivor that left it may still hold the pipes: stop at exit.
  const stopped = (): void => {
    const settle = (): void => {
      subprocess.stdout?.destroy();
      subprocess.stderr?.destroy();
    };
    if (subprocess.exitCode !== null || subprocess.signalCode !== null) settle();
    else subprocess.once('exit', settle);
  };
  const guard = guardProcessGroup(subprocess.pid, opts.timeoutMs, opts.signal, stopped);
  let result: Awaited<typeof subprocess>;
  try {
    result = await subprocess;
  } finally {
    guard.dispose();
  }
  if (guard.reason === 'cancel' || result.isCanceled) opts.signal.throwIfAborted();
  // E2BIG (a huge command), a missing cwd, EAGAIN: no shell ever ran.
  if (subprocess.pid === undefined)
    tail.push(`failed to start /bin/sh: ${result.originalMessage ?? result.shortMessage ?? 'unknown error'}`);
  return outcome({ exitCode: result.exitCode, signal: result.signal, timedOut: result.timedOut || guard.reason === 'timeout' });
}

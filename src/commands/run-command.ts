import { performance } from 'node:perf_hooks';
import type { CommandOutcome } from '../errors.js';
import { OutputTail } from './output-tail.js';
import { FORCE_KILL_AFTER_MS, guardProcessGroup } from './process-group.js';

export interface RunCommandOptions {
  timeoutMs: number;
  signal: AbortSignal;
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/**
 * Runs `command` with /bin/sh in its own process group. Never throws for a non-zero exit, a timeout or a
 * failed spawn (all are in the outcome); throws `signal.reason` when aborted, after the group is killed.
 */
export async function runCommand(command: string, opts: RunCommandOptions): Promise<CommandOutcome> {
  opts.signal.throwIfAborted();
  const started = performance.now();
  const tail = new OutputTail();
  // Loaded on first use: a render with no commands never pays for execa's start-up.
  const { execa } = await import('execa');
  const subprocess = execa(command, {
    shell: '/bin/sh',
    timeout: opts.timeoutMs > 0 ? opts.timeoutMs : undefined,
    forceKillAfterDelay: FORCE_KILL_AFTER_MS,
    cancelSignal: opts.signal,
    reject: false,
    all: true,
    buffer: false,
    detached: true,
    stdin: 'ignore',
    cwd: opts.cwd,
    env: opts.env,
  });
  subprocess.all?.on('data', (chunk: Buffer | string) => tail.push(chunk));
  const guard = guardProcessGroup(subprocess.pid, opts.timeoutMs, opts.signal);
  let result: Awaited<typeof subprocess>;
  try {
    result = await subprocess;
  } finally {
    guard.dispose();
  }
  if (guard.reason === 'cancel' || result.isCanceled) opts.signal.throwIfAborted();
  const spawnFailed = result.failed && result.exitCode === undefined && result.signal === undefined && !result.timedOut;
  if (spawnFailed) tail.push(result.shortMessage ?? 'failed to start');
  return {
    command,
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut || guard.reason === 'timeout',
    output: tail.text(),
    ms: Math.round(performance.now() - started),
  };
}

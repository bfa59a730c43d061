import type { CommandOutcome } from '../errors.js';

/** A command succeeded only if it exited 0 on its own. */
export function isSuccess(outcome: CommandOutcome): boolean {
  return !outcome.timedOut && outcome.exitCode === 0;
}

/** "exit code 3", "timed out after 500 ms", "killed by SIGKILL" — for error messages. */
export function describeOutcome(outcome: CommandOutcome, timeoutMs?: number): string {
  if (outcome.timedOut) return timeoutMs === undefined ? 'timed out' : `timed out after ${timeoutMs} ms`;
  if (outcome.exitCode !== undefined) return `exit code ${outcome.exitCode}`;
  if (outcome.signal !== undefined) return `killed by ${outcome.signal}`;
  return 'failed to start';
}

/** Appends the command's output, indented, when there is any. */
export function withOutput(message: string, outcome: CommandOutcome): string {
  const output = outcome.output.trim();
  return output === '' ? message : `${message}\n${output.replace(/^/gm, '  ')}`;
}

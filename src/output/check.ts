import { CheckFailedError, type CommandOutcome } from '../errors.js';
import { describeOutcome, isSuccess, withOutput } from '../commands/outcome.js';
import { expandCommand } from '../commands/expand-command.js';
import type { OutputTarget } from './output-target.js';

/** Runs check_cmd against the stage file; throws CheckFailedError carrying the command's outcome and output. */
export async function runCheckCmd(target: OutputTarget, checkCmd: string, stagePath: string, signal: AbortSignal): Promise<CommandOutcome> {
  const command = expandCommand(checkCmd, { src: stagePath, dest: target.dest });
  // Loaded on first use: node:child_process brings net and dgram along, which a render without commands never needs.
  const { runCommand } = await import('../commands/run-command.js');
  const outcome = await runCommand(command, { timeoutMs: target.commandTimeoutMs, signal });
  if (isSuccess(outcome)) return outcome;
  const why = describeOutcome(outcome, target.commandTimeoutMs);
  const message = `${target.resource}: check_cmd \`${command}\` rejected ${target.dest} (${why}); the old file stays`;
  throw new CheckFailedError(withOutput(message, outcome), outcome, { file: target.dest, key: 'check_cmd' });
}

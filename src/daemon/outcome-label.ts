// The outcome of a render as logs and metrics name it: a failure says which stage failed.
import { CheckFailedError, CommandError, OutputError, TemplateError } from '../errors.js';
import type { ResourceResult } from './render-resource.js';

export type OutcomeLabel =
  'written' | 'unchanged' | 'would-write' | 'template-failed' | 'check-failed' | 'write-failed' | 'reload-failed' | 'failed';

export function outcomeLabel(result: Pick<ResourceResult, 'outcome' | 'error'>): OutcomeLabel {
  if (result.outcome !== 'failed') return result.outcome;
  const e = result.error;
  if (e instanceof CheckFailedError) return 'check-failed';
  if (e instanceof CommandError) return 'reload-failed';
  if (e instanceof TemplateError) return 'template-failed';
  if (e instanceof OutputError) return 'write-failed';
  return 'failed';
}

/** Exit code, timeout and the tail of a failed command's output, for a failure record. */
export function commandFailureFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof CommandError)) return {};
  const o = error.outcome;
  return { command: o.command, exitCode: o.exitCode, signal: o.signal, timedOut: o.timedOut || undefined, output: tail(o.output) };
}

const TAIL_CHARS = 2000;

function tail(output: string): string | undefined {
  const trimmed = output.trim();
  if (trimmed === '') return undefined;
  return trimmed.length > TAIL_CHARS ? '…' + trimmed.slice(-TAIL_CHARS) : trimmed;
}

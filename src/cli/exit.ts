// The one place errors become exit codes and messages.
import { ConfettiError, EXIT_CODES, type ExitCode } from '../errors.js';

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof ConfettiError) return error.exitCode;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('commander.')) return EXIT_CODES.usage;
  return EXIT_CODES.failed;
}

/** "file:line:column: message [CODE]" with causes, for stderr. */
export function formatError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts: string[] = [];
  if (error instanceof ConfettiError && error.file && !error.message.includes(error.file)) {
    parts.push([error.file, error.line, error.column].filter((p) => p !== undefined).join(':') + ': ');
  }
  parts.push(error.message);
  if (error instanceof ConfettiError) parts.push(` [${error.code}]`);
  let cause = error.cause;
  for (let depth = 0; cause instanceof Error && depth < 3; depth++) {
    if (!error.message.includes(cause.message)) parts.push(`\n  caused by: ${cause.message}`);
    cause = cause.cause;
  }
  return parts.join('');
}

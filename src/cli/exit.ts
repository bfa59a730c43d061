// The one place errors become exit codes and messages.
import { ConfettiError, EXIT_CODES, type ExitCode } from '../errors.js';

// Usage errors never get here: commander raises only CommanderErrors, which run-main.ts maps to 2 first.
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof ConfettiError) return error.exitCode;
  return EXIT_CODES.failed;
}

/**
 * Several failures (render's resources, check's problems): the earliest pipeline stage among them (configuration 3,
 * backend 4, template 5, output 6, command 7), or 1 when one of them is not a stage error.
 */
export function exitCodeOfAll(errors: readonly unknown[]): ExitCode {
  if (errors.length === 0) return EXIT_CODES.ok;
  const codes = errors.map(exitCodeOf);
  if (codes.some((c) => c < EXIT_CODES.config)) return EXIT_CODES.failed;
  return Math.min(...codes) as ExitCode;
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

import { OutputError, type ErrorCode } from '../errors.js';

/** Every output error names dest (in the message and as `file`) and keeps the system error as cause. */
export function outputError(code: ErrorCode, dest: string, what: string, cause?: unknown): OutputError {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new OutputError(code, `${dest}: ${what}${reason}`, { file: dest, cause });
}

export function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

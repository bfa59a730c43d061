// One place that formats "file:line:column" so every template error reads the same way.
import { TemplateError, type ErrorCode } from '../errors.js';

export interface Location {
  line?: number | undefined;
  /** 1-based. */
  column?: number | undefined;
}

/** "file:line:column", dropping the parts that are unknown. */
export function formatLocation(file: string, loc: Location = {}): string {
  if (loc.line === undefined) return file;
  return loc.column === undefined ? `${file}:${loc.line}` : `${file}:${loc.line}:${loc.column}`;
}

/** A TemplateError whose message starts with where it happened, compiler style. */
export function templateError(
  code: ErrorCode,
  file: string,
  loc: Location,
  message: string,
  extra: { key?: string; cause?: unknown } = {},
): TemplateError {
  return new TemplateError(code, `${formatLocation(file, loc)}: ${message}`, {
    file,
    line: loc.line,
    column: loc.column,
    ...(extra.key === undefined ? {} : { key: extra.key }),
    ...(extra.cause === undefined ? {} : { cause: extra.cause }),
  });
}

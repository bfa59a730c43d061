// One error base with a stable code and exit code (execa's ExecaError, consul-template's ExitCode*).
// Exit codes are mapped to the process in one place: src/cli/exit.ts.

export const EXIT_CODES = {
  ok: 0,
  failed: 1,
  usage: 2,
  config: 3,
  backend: 4,
  template: 5,
  output: 6,
  command: 7,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export interface ErrorDetails {
  cause?: unknown;
  /** File the error is about (resource file, template, dest, settings file). */
  file?: string;
  /** Key path inside a settings/resource file, or an etcd key. */
  key?: string;
  line?: number;
  column?: number;
}

export class ConfettiError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly file: string | undefined;
  readonly key: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: string, message: string, exitCode: ExitCode, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.file = details.file;
    this.key = details.key;
    this.line = details.line;
    this.column = details.column;
  }
}

export class ConfigError extends ConfettiError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super(code, message, EXIT_CODES.config, details);
  }
}

export class BackendError extends ConfettiError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super(code, message, EXIT_CODES.backend, details);
  }
}

export class TemplateError extends ConfettiError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super(code, message, EXIT_CODES.template, details);
  }
}

export class OutputError extends ConfettiError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super(code, message, EXIT_CODES.output, details);
  }
}

export interface CommandOutcome {
  command: string;
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  /** Combined stdout+stderr, tail-trimmed. */
  output: string;
  ms: number;
}

export class CommandError extends ConfettiError {
  readonly outcome: CommandOutcome;
  constructor(code: string, message: string, outcome: CommandOutcome, details?: ErrorDetails) {
    super(code, message, EXIT_CODES.command, details);
    this.outcome = outcome;
  }
}

export class CheckFailedError extends CommandError {
  constructor(message: string, outcome: CommandOutcome, details?: ErrorDetails) {
    super('CHECK_FAILED', message, outcome, details);
  }
}

/**
 * What a value is, for "must be …, got …" messages: null, nothing, a list, a mapping, or its JavaScript type.
 * 'with value' also shows a scalar ("loud", number 5): for what the user typed (settings, flags). Key values may be
 * secrets and never appear in errors: describe them with 'type only'.
 */
export function describeType(value: unknown, show: 'with value' | 'type only'): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (show === 'type only') return typeof value;
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${value}`;
  return typeof value;
}

/** Message of any thrown value, for logs and summaries. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

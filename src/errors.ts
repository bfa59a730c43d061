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

/**
 * Every code a ConfettiError carries, by the stage that raises it. docs/errors.md tells users what each means and
 * what to do (test/docs/errors.test.ts checks that it lists exactly these); a new code is added here, then there.
 */
export const ERROR_CODES = [
  // configuration: settings, flags, resource files (exit 3)
  'CONFIG_SYNTAX',
  'CONFIG_INVALID',
  'CONFIG_INVALID_VALUE',
  'CONFIG_MISSING_VALUE',
  'CONFIG_UNKNOWN_KEY',
  'CONFIG_CONFLICT',
  'CONFIG_ALIAS_LIMIT',
  'CONFIG_FILE_NOT_FOUND',
  'CONFIG_FILE_UNREADABLE',
  'CONF_D_UNREADABLE',
  'NO_RESOURCES',
  'DUPLICATE_NAME',
  'DUPLICATE_DEST',
  'UNKNOWN_PLACEHOLDER',
  'INVALID_ENDPOINT',
  'NO_ENDPOINTS',
  'TLS_FILE_UNREADABLE',
  'PASSWORD_FILE_UNREADABLE',
  'REGISTER_BACKEND',
  'REGISTER_KEY_EMPTY',
  'REGISTER_VALUE_CONTROL_CHARS',
  'OPS_SETUP',
  // backend: etcd, file, env (exit 4)
  'BACKEND_UNREACHABLE',
  'BAD_RESPONSE',
  'ETCD_AUTH_REQUIRED',
  'ETCD_AUTH_FAILED',
  'ETCD_TOKEN_INVALID',
  'ETCD_COMPACTED',
  'ETCD_ERROR',
  'CONNECTION_FAILED',
  'DIAL_TIMEOUT',
  'REQUEST_TIMEOUT',
  'BODY_FAILED',
  'STREAM_LOST',
  'POLL_LOST',
  'FILE_NO_PATHS',
  'FILE_READ',
  'FILE_PARSE',
  'FILE_ALIAS_LIMIT',
  // template (exit 5)
  'TEMPLATE_NOT_FOUND',
  'TEMPLATE_READ',
  'TEMPLATE_SYNTAX',
  'UNKNOWN_HELPER',
  'UNKNOWN_PARTIAL',
  'DYNAMIC_PARTIAL',
  'INVALID_PARTIAL_NAME',
  'PARTIAL_ARGS',
  'HELPER_ARGS',
  'HELPER_FAILED',
  'MISSING_VARIABLE',
  'KEY_NOT_FOUND',
  'EACH_NOT_A_LIST',
  'BAD_PATTERN',
  'INVALID_UTF8',
  'RENDER_FAILED',
  'RENDER_TIMEOUT',
  'OUTPUT_TOO_LARGE',
  // output: the dest file (exit 6)
  'DEST_DIR_MISSING',
  'DEST_DIR_CREATE_FAILED',
  'DEST_IS_DIRECTORY',
  'DEST_NOT_REGULAR',
  'SYMLINK_LOOP',
  'READ_FAILED',
  'WRITE_FAILED',
  'CHOWN_FAILED',
  'BACKUP_FAILED',
  'RENAME_FAILED',
  // commands: check_cmd, reload_cmd, exec (exit 7)
  'CHECK_FAILED',
  'RELOAD_FAILED',
  'RELOAD_TIMEOUT',
  'CHILD_DIED',
  // stopped by a signal (exit 1)
  'INTERRUPTED',
  'FORCED_STOP',
] as const;

/** Codes with a number in them: etcd v2's errorCode, an HTTP status etcd v2 answered with. */
export const ERROR_CODE_FAMILIES = ['ETCDV2_<errorCode>', 'HTTP_<status>'] as const;

export type ErrorCode = (typeof ERROR_CODES)[number] | `ETCDV2_${number}` | `HTTP_${number}`;

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
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly file: string | undefined;
  readonly key: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: ErrorCode, message: string, exitCode: ExitCode, details: ErrorDetails = {}) {
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
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(code, message, EXIT_CODES.config, details);
  }
}

export class BackendError extends ConfettiError {
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(code, message, EXIT_CODES.backend, details);
  }
}

export class TemplateError extends ConfettiError {
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(code, message, EXIT_CODES.template, details);
  }
}

export class OutputError extends ConfettiError {
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
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
  constructor(code: ErrorCode, message: string, outcome: CommandOutcome, details?: ErrorDetails) {
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

// Structured log records on pino: JSON for collectors, one readable line for people. Values of keys are never logged.
import { pino, stdTimeFunctions, type Logger as PinoLogger } from 'pino';
import { formatTextLine } from './text-format.js';

export type LogFields = Record<string, unknown>;
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** The process logger: a Logger whose level can change at run time (SIGHUP re-reads log_level). */
export interface ConfettiLogger extends Logger {
  setLevel(level: Level): void;
  readonly level: Level;
}

export interface LoggerOptions {
  level: Level;
  /** text: one readable line per record; json: pino's NDJSON. */
  format: 'text' | 'json';
  /** Where lines go (without trailing newline handling by the caller); stderr by default. */
  write?: (line: string) => void;
}

// stdout is for command results (render summaries), so logs go to stderr; synchronous so nothing is lost at exit.
const toStderr = (line: string): void => {
  process.stderr.write(line);
};

/** A logger writing one line per record. */
export function createLogger(opts: LoggerOptions): ConfettiLogger {
  const write = opts.write ?? toStderr;
  const destination = {
    write: opts.format === 'json' ? (line: string) => write(line) : (line: string) => write(formatTextLine(line) + '\n'),
  };
  const base: PinoLogger = pino(
    {
      level: opts.level,
      base: null,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const emit = (level: Level, msg: string, fields?: LogFields): void => {
    if (!base.isLevelEnabled(level)) return;
    if (fields === undefined) base[level](msg);
    else base[level](cleanFields(fields), msg);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    setLevel(level) {
      base.level = level;
    },
    get level() {
      return base.level as Level;
    },
  };
}

// Errors become their message (no stack in an operator's log); bigints (revisions) become strings; undefined is dropped.
function cleanFields(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out[k] = typeof v === 'bigint' ? v.toString() : v instanceof Error ? v.message : v;
  }
  return out;
}

/** Logger that drops everything (tests, library use). */
export const SILENT_LOGGER: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Change the level of a logger made by createLogger (SIGHUP re-reads log_level); other loggers are left alone. */
export function setLogLevel(logger: Logger, level: Level): void {
  if ('setLevel' in logger && typeof logger.setLevel === 'function') (logger as ConfettiLogger).setLevel(level);
}

// Structured log records: JSON (NDJSON) for collectors, one readable line for people. Values of keys are never logged.
// A few lines of our own rather than pino: pino, sonic-boom and thread-stream load worker_threads and assert and cost
// ~8 ms of every one-shot start; one synchronous write per record is all confetti needs.
import { formatTextRecord, toJsonText } from './text-format.js';

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
  setFormat(format: LoggerOptions['format']): void;
  readonly level: Level;
}

export interface LoggerOptions {
  level: Level;
  /** text: one readable line per record; json: one JSON object per line. */
  format: 'text' | 'json';
  /** Where lines go (each ends with a newline); stderr by default. */
  write?: (line: string) => void;
}

const RANK: Record<Level, number> = { debug: 20, info: 30, warn: 40, error: 50 };

// stdout is for command results (render summaries), so logs go to stderr; synchronous so nothing is lost at exit.
const toStderr = (line: string): void => {
  process.stderr.write(line);
};

/** A logger writing one line per record: `{"level":"info","time":"<ISO>",…fields,"msg":"…"}` or its text form. */
export function createLogger(opts: LoggerOptions): ConfettiLogger {
  const write = opts.write ?? toStderr;
  let level = opts.level;
  let format = opts.format;
  const emit = (at: Level, msg: string, fields?: LogFields): void => {
    if (RANK[at] < RANK[level]) return;
    const record: LogFields = { level: at, time: new Date().toISOString() };
    // A field may not pass for the record's own level, time or message.
    if (fields !== undefined)
      for (const [k, v] of Object.entries(cleanFields(fields))) record[k === 'level' || k === 'time' || k === 'msg' ? `field_${k}` : k] = v;
    record.msg = msg;
    write(format === 'json' ? toJson(record) + '\n' : formatTextRecord(record) + '\n');
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    setLevel(next) {
      level = next;
    },
    setFormat(next) {
      format = next;
    },
    get level() {
      return level;
    },
  };
}

// Nested bigints and errors too; a value JSON cannot hold (a cycle) must not lose the record.
function toJson(record: LogFields): string {
  const text = toJsonText(record);
  if (text.startsWith('{')) return text;
  return toJsonText({
    level: record.level,
    time: record.time,
    msg: record.msg,
    logError: `fields not serializable: ${JSON.parse(text) as string}`,
  });
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

/** Change the format of a logger made by createLogger (SIGHUP re-reads log_format); other loggers are left alone. */
export function setLogFormat(logger: Logger, format: LoggerOptions['format']): void {
  if ('setFormat' in logger && typeof logger.setFormat === 'function') (logger as ConfettiLogger).setFormat(format);
}

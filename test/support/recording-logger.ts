// A Logger that keeps every record, for tests that assert on what was logged.
import type { LogFields, Logger } from '../../src/log/logger.js';

export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: LogFields;
}

export class RecordingLogger implements Logger {
  readonly records: LogRecord[] = [];
  readonly #onRecord: ((record: LogRecord) => void) | undefined;

  /** `onRecord` is told of each record as it is logged (to wake a test waiting for one). */
  constructor(onRecord?: (record: LogRecord) => void) {
    this.#onRecord = onRecord;
  }

  debug = (msg: string, fields: LogFields = {}): void => this.#keep({ level: 'debug', msg, fields });
  info = (msg: string, fields: LogFields = {}): void => this.#keep({ level: 'info', msg, fields });
  warn = (msg: string, fields: LogFields = {}): void => this.#keep({ level: 'warn', msg, fields });
  error = (msg: string, fields: LogFields = {}): void => this.#keep({ level: 'error', msg, fields });

  #keep(record: LogRecord): void {
    this.records.push(record);
    this.#onRecord?.(record);
  }
}

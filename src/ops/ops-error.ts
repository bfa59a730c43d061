// Errors of the ops side (listen address taken, pid file unwritable): a usage problem the operator fixes.
import { ConfettiError, EXIT_CODES } from '../errors.js';

export class OpsError extends ConfettiError {
  constructor(message: string, cause: unknown, file?: string) {
    super('OPS_SETUP', message, EXIT_CODES.config, { cause, ...(file === undefined ? {} : { file }) });
  }
}

// register's failures as log records the way backend-log.ts does it: the first failure of a run at its level, repeats
// rate-limited at debug, and the recovery once at info with how many failures it ended.
import { RepeatLimiter } from '../log/repeat-limiter.js';
import type { LogFields, Logger } from '../log/logger.js';

export class RegistrationLog {
  readonly #logger: Logger;
  readonly #limiter: RepeatLimiter;
  readonly #now: () => number;
  /** Failed store calls since the last success. */
  #callFailures = 0;
  /** Failed health checks since the last pass. */
  #checkFailures = 0;

  constructor(logger: Logger, windowMs = 30_000, now: () => number = Date.now) {
    this.#logger = logger;
    this.#limiter = new RepeatLimiter(windowMs);
    this.#now = now;
  }

  callFailed(fields: LogFields): void {
    if (this.#callFailures++ === 0) this.#logger.error('registration call failed; retrying', fields);
    else this.#repeat('call', 'registration call still failing', fields);
  }

  callSucceeded(fields: LogFields): void {
    if (this.#callFailures === 0) return;
    this.#logger.info('registration calls succeed again', { ...fields, failures: this.#callFailures });
    this.#callFailures = 0;
    this.#limiter.reset('call');
  }

  checkFailed(fields: LogFields): void {
    if (this.#checkFailures++ === 0) this.#logger.warn('health check failed', fields);
    else this.#repeat('check', 'health check still failing', fields);
  }

  checkPassed(fields: LogFields): void {
    if (this.#checkFailures === 0) return;
    this.#logger.info('health check passes again', { ...fields, failures: this.#checkFailures });
    this.#checkFailures = 0;
    this.#limiter.reset('check');
  }

  #repeat(kind: string, msg: string, fields: LogFields): void {
    const dropped = this.#limiter.take(kind, this.#now());
    if (dropped !== undefined) this.#logger.debug(msg, { ...fields, ...(dropped > 0 ? { repeated: dropped } : {}) });
  }
}

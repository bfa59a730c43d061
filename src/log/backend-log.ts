// Backend lifecycle events as log records: each state change once, repeats (retries, flapping failover) rate-limited.
import type { BackendEvent, BackendEventListener } from '../backends/backend-event.js';
import { describeError } from '../errors.js';
import type { Logger } from './logger.js';
import { RepeatLimiter } from './repeat-limiter.js';

export interface BackendLogOptions {
  /** At most one record per kind per window (default 30 s). */
  windowMs?: number;
  now?: () => number;
}

export function logBackendEvents(logger: Logger, backend: string, opts: BackendLogOptions = {}): BackendEventListener {
  const limiter = new RepeatLimiter(opts.windowMs ?? 30_000);
  const now = opts.now ?? Date.now;
  let connected: boolean | undefined;
  let retries = 0;
  return (event: BackendEvent) => {
    const fields = { backend, endpoint: event.endpoint, error: event.error === undefined ? undefined : describeError(event.error) };
    switch (event.type) {
      case 'connected':
        if (connected === true) return;
        logger.info('backend connected', { ...fields, ...(retries > 0 ? { retries } : {}) });
        connected = true;
        retries = 0;
        limiter.reset('retry');
        return;
      case 'disconnected':
        if (connected === false) return;
        logger.warn('backend disconnected', fields);
        connected = false;
        return;
      case 'retry': {
        retries++;
        const dropped = limiter.take('retry', now());
        if (dropped !== undefined)
          logger.debug('backend retrying', { ...fields, attempt: event.attempt, ...(dropped > 0 ? { repeated: dropped } : {}) });
        return;
      }
      case 'failover':
      case 'resync': {
        const dropped = limiter.take(event.type, now());
        if (dropped === undefined) return;
        const msg = event.type === 'failover' ? 'backend failover' : 'backend history lost, resyncing';
        logger.warn(msg, { ...fields, ...(dropped > 0 ? { repeated: dropped } : {}) });
        return;
      }
    }
  };
}

// One consistent read of the prefixes (at start, on a resync, an --interval poll or widened prefixes), retried while
// the store is unreachable, for at most `retryForMs`.
import type { KeySource } from '../backends/key-source.js';
import type { Snapshot } from '../keys/snapshot.js';
import { describeError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { SNAPSHOT_RETRY, sleepBackoff } from '../retry/backoff.js';

export interface TakeSnapshotOptions {
  signal: AbortSignal;
  logger: Logger;
  /** Keep retrying this long; undefined = forever (daemon), 0 = one attempt (one-shot). */
  retryForMs: number | undefined;
  /** Each failed attempt (health reporting). */
  onFailure?: ((error: unknown) => void) | undefined;
}

export async function takeSnapshot(source: KeySource, prefixes: string[], opts: TakeSnapshotOptions): Promise<Snapshot> {
  const deadline = opts.retryForMs === undefined ? Infinity : Date.now() + opts.retryForMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await source.snapshot(prefixes, { signal: opts.signal });
    } catch (error) {
      if (opts.signal.aborted) throw error;
      opts.onFailure?.(error);
      if (Date.now() >= deadline) throw error;
      // Logged on the first failure and then every 10th, not once per retry.
      if (attempt % 10 === 0)
        opts.logger.warn('backend unreachable, retrying', { backend: source.name, attempt, error: describeError(error) });
      await sleepBackoff(SNAPSHOT_RETRY, attempt + 1, opts.signal);
    }
  }
}

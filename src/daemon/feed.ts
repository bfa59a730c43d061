// Keeps the mirror current: a watch stream (or a poll on --interval), resyncing when history is gone.
import { setTimeout as sleep } from 'node:timers/promises';
import type { KeySource } from '../backends/key-source.js';
import { describeError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Mirror } from '../mirror/mirror.js';
import { sleepBackoff, WATCH_RETRY } from '../retry/backoff.js';
import { takeSnapshot } from './take-snapshot.js';

export interface FeedOptions {
  source: KeySource;
  mirror: Mirror;
  prefixes: string[];
  logger: Logger;
  /** Poll period; undefined = watch. */
  intervalMs: number | undefined;
  /** Called with the keys whose value changed after the mirror was updated. */
  onChange(keys: Set<string>): void;
  /** Called after a fresh snapshot replaced the mirror (resync). */
  onResync?(reason: string): void;
  /** A read or watch of the store failed (it is retried). */
  onFailure?: ((error: unknown) => void) | undefined;
}

/** The running feed of one prefix set; replaced (stopped, re-snapshotted, restarted) when a reload widens the prefixes. */
export interface Feed {
  readonly prefixes: readonly string[];
  /** Stop this feed (not the daemon) and wait for it to unwind. */
  stop(): Promise<void>;
}

/** Starts feeding in the background until `daemonStop` aborts or stop() is called; a crash goes to `onCrash`. */
export function startFeed(opts: FeedOptions, daemonStop: AbortSignal, onCrash: (error: unknown) => void): Feed {
  const own = new AbortController();
  const signal = AbortSignal.any([daemonStop, own.signal]);
  const done = feedMirror(opts, signal).catch((error: unknown) => {
    if (!signal.aborted) onCrash(error);
  });
  return {
    prefixes: opts.prefixes,
    async stop() {
      own.abort();
      await done;
    },
  };
}

/** Runs until the signal aborts. Never throws for store errors: it retries. */
export async function feedMirror(opts: FeedOptions, signal: AbortSignal): Promise<void> {
  try {
    if (opts.intervalMs !== undefined) await poll(opts, opts.intervalMs, signal);
    else await follow(opts, signal);
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

async function poll(opts: FeedOptions, intervalMs: number, signal: AbortSignal): Promise<void> {
  for (;;) {
    await sleep(intervalMs, undefined, { signal });
    const snapshot = await takeSnapshot(opts.source, opts.prefixes, {
      signal,
      logger: opts.logger,
      retryForMs: undefined,
      onFailure: opts.onFailure,
    });
    const changed = opts.mirror.load(snapshot);
    if (changed.size > 0) opts.onChange(changed);
  }
}

async function follow(opts: FeedOptions, signal: AbortSignal): Promise<void> {
  let failures = 0;
  for (;;) {
    try {
      let resync: string | undefined;
      let behind = false;
      for await (const item of opts.source.watch(opts.prefixes, opts.mirror.revision, { signal })) {
        failures = 0;
        if (item.type === 'change') {
          const touched = opts.mirror.apply(item);
          if (touched.size > 0) opts.onChange(touched);
        } else if (item.type === 'progress') {
          opts.mirror.advance(item.revision);
        } else {
          resync = item.reason;
          behind = item.behind === true;
          break;
        }
      }
      if (signal.aborted) return;
      if (resync !== undefined) {
        const fields = { backend: opts.source.name, reason: resync, revision: opts.mirror.revision };
        if (behind) opts.logger.debug('far behind the store, taking a fresh snapshot', fields);
        else opts.logger.warn('history lost, taking a fresh snapshot', fields);
        const snapshot = await takeSnapshot(opts.source, opts.prefixes, {
          signal,
          logger: opts.logger,
          retryForMs: undefined,
          onFailure: opts.onFailure,
        });
        const changed = opts.mirror.load(snapshot);
        // onResync counts lost history (confetti_backend_resyncs_total); catching up is not a loss.
        if (!behind) opts.onResync?.(resync);
        if (changed.size > 0) opts.onChange(changed);
      }
    } catch (error) {
      if (signal.aborted) return;
      opts.onFailure?.(error);
      if (failures % 10 === 0)
        opts.logger.warn('watch failed, resuming', {
          backend: opts.source.name,
          revision: opts.mirror.revision,
          error: describeError(error),
        });
      await sleepBackoff(WATCH_RETRY, ++failures, signal);
    }
  }
}

// Fan-in of the long-poll loops: one per watched prefix (default) or one on their common ancestor.
import { setMaxListeners } from 'node:events';
import type { BackendEventListener } from '../backend-event.js';
import type { WatchItem } from '../../keys/change.js';
import { commonAncestor, mergePrefixes } from '../../keys/prefix.js';
import type { BackoffPolicy } from '../../retry/backoff.js';
import type { EtcdV2Client } from './client.js';
import { runPollLoop } from './poll-loop.js';

/**
 * 'per-prefix': one idle socket per prefix, only their own events cross the wire.
 * 'ancestor': one socket, but one HTTP round trip per event anywhere under the ancestor (bench/v2-fanout.mjs).
 */
export type Fanout = 'per-prefix' | 'ancestor';

export interface WatchV2Options {
  signal: AbortSignal;
  idleMs: number;
  backoff: BackoffPolicy;
  fanout: Fanout;
  onEvent?: BackendEventListener | undefined;
}

/**
 * Changes after `revision`, each event its own Change (v2 has no multi-key writes). Ordered per prefix; changes of
 * different (disjoint) prefixes may interleave out of index order, which commutes. After a `resync` item the
 * iterator ends: the consumer takes a fresh snapshot and watches again from its revision.
 */
export async function* watchV2(
  client: EtcdV2Client,
  prefixes: string[],
  revision: bigint,
  opts: WatchV2Options,
): AsyncGenerator<WatchItem> {
  const merged = mergePrefixes(prefixes);
  const plan =
    opts.fanout === 'ancestor' || merged.length === 1
      ? [{ key: commonAncestor(merged), prefixes: merged }]
      : merged.map((p) => ({ key: p, prefixes: [p] }));
  const inner = new AbortController();
  // Each loop holds an abort listener for its poll or backoff sleep.
  setMaxListeners(plan.length * 2 + 10, inner.signal);
  let wake: (() => void) | undefined;
  const stop = (): void => inner.abort();
  inner.signal.addEventListener('abort', () => wake?.(), { once: true });
  opts.signal.addEventListener('abort', stop, { once: true });
  if (opts.signal.aborted) inner.abort();

  const queue: WatchItem[] = [];
  let failure: { error: unknown } | undefined;
  let running = merged.length === 0 ? 0 : plan.length;
  const loops =
    merged.length === 0
      ? []
      : plan.map((p) =>
          runPollLoop({
            ...opts,
            client,
            key: p.key,
            prefixes: p.prefixes,
            from: revision + 1n,
            signal: inner.signal,
            emit: (item) => {
              queue.push(item);
              wake?.();
            },
          })
            .catch((error: unknown) => {
              if (!inner.signal.aborted) failure ??= { error };
            })
            .finally(() => {
              running--;
              wake?.();
            }),
        );
  try {
    for (;;) {
      const item = queue.shift();
      if (item) {
        yield item;
        if (item.type === 'resync') return;
        continue;
      }
      if (failure) throw failure.error;
      // Nothing to watch still waits for the abort, as the KeySource contract says.
      if (inner.signal.aborted || (running === 0 && merged.length > 0)) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    inner.abort();
    opts.signal.removeEventListener('abort', stop);
    await Promise.all(loops);
  }
}

// The resuming watch loop: ONE stream spanning the prefixes, grouped by revision, reconnecting with backoff.
import type { WatchItem } from '../../keys/change.js';
import { isUnderPrefix, mergePrefixes } from '../../keys/prefix.js';
import { sleepBackoff, WATCH_RETRY } from '../../retry/backoff.js';
import type { EtcdV3Client } from './client.js';
import { spanRange } from './codec.js';
import { EtcdApiError, isStaleToken } from './errors.js';
import { probeMember } from './member-probe.js';
import { toItems } from './watch-items.js';
import { openWatchStream } from './watch-stream.js';

/**
 * Changes after `revision` under `prefixes`. Always ONE stream over the span of the merged prefixes, filtered locally,
 * so a txn is never split across streams (the 3.4 gateway cannot request progress on a stream; bench/watch-fanout.mjs).
 * After a `resync` item (history compacted) the iterator ends: the consumer takes a snapshot and calls watch() again.
 */
export async function* watchPrefixes(
  client: EtcdV3Client,
  prefixes: string[],
  revision: bigint,
  signal: AbortSignal,
): AsyncGenerator<WatchItem> {
  const merged = mergePrefixes(prefixes);
  const range = spanRange(merged);
  const wanted = (key: string): boolean => merged.some((p) => isUnderPrefix(key, p));
  let next = revision + 1n;
  let failures = 0;
  while (!signal.aborted) {
    const endpoint = client.http.endpoint;
    const streamEnd = new AbortController();
    const streamSignal = AbortSignal.any([signal, streamEnd.signal]);
    let lost: unknown = new Error(`watch stream from ${endpoint} ended`);
    const probe = probeMember(client, endpoint, range, streamSignal).then((error) => {
      if (error === undefined) return;
      lost = error;
      streamEnd.abort(error);
    });
    try {
      for await (const res of openWatchStream(client, range, next, streamSignal, endpoint)) {
        // A refused create comes as created+canceled in one response (stale token: confd #801 hung here).
        if (res.canceled) {
          if (res.compactRevision === 0n) throw canceledError(res.cancelReason, endpoint);
          client.onEvent?.({ type: 'resync', endpoint });
          yield { type: 'resync', reason: `etcd compacted to revision ${res.compactRevision}, past watch revision ${next}` };
          return;
        }
        if (res.created) {
          failures = 0;
          client.onEvent?.({ type: 'connected', endpoint });
          continue;
        }
        for (const item of toItems(res.events, res.headerRevision, wanted)) {
          if (item.revision < next) continue;
          yield item;
          next = item.revision + 1n;
        }
      }
    } catch (error) {
      if (!streamEnd.signal.aborted) lost = error;
    } finally {
      streamEnd.abort();
      await probe;
    }
    if (signal.aborted) return;
    client.onEvent?.({ type: 'disconnected', endpoint, error: lost });
    if (isStaleToken(lost)) {
      // Not the member's fault: fresh token, same endpoint, no backoff the first time.
      client.dropToken();
      if (failures === 0) {
        failures = 1;
        continue;
      }
    } else if (isFatal(lost)) {
      throw lost;
    } else {
      client.http.rotate(endpoint, lost);
    }
    failures++;
    client.onEvent?.({ type: 'retry', endpoint: client.http.endpoint, attempt: failures });
    await sleepBackoff(WATCH_RETRY, failures, signal).catch(() => undefined);
  }
}

function canceledError(reason: string, endpoint: string): EtcdApiError {
  return new EtcdApiError(`watch canceled: ${reason || 'no reason given'}`, {
    grpcCode: undefined,
    status: 200,
    endpoint,
    path: '/v3/watch',
  });
}

/** A reconnect cannot fix a denied permission: leave the iterator so the consumer logs it (it retries with its own backoff). */
function isFatal(error: unknown): boolean {
  return error instanceof EtcdApiError && /permission denied/i.test(error.message);
}

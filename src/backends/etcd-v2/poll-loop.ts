// One long-poll loop on one key: event by event, resuming from the last modifiedIndex + 1 across failures.
import { setTimeout as sleep } from 'node:timers/promises';
import { BackendError } from '../../errors.js';
import type { BackendEventListener } from '../backend-event.js';
import { HttpConnectionError } from '../http-client.js';
import type { WatchItem } from '../../keys/change.js';
import { backoffDelay, type BackoffPolicy } from '../../retry/backoff.js';
import { EtcdV2Error } from './answer.js';
import type { EtcdV2Client, PollResult } from './client.js';
import { toKeyEvents } from './flatten.js';

/**
 * A poll answered from history this many indexes behind the store's index re-reads the snapshot instead of replaying
 * the backlog one request per event (a burst of 1,000 puts took 2.2 s to replay). bench/v2-backlog.mjs:
 * a recursive GET of 10 keys costs ~1 replayed event, of 10,000 keys ~135. bench/watch.mjs --backend etcdv2
 * --only burst, last ack → file right (3 runs each, load 1.7–2.6): replaying 1019/745/1346 ms; re-reading at 16
 * behind 10/46/21 ms, at 64 19/24/77 ms, at 256 265/278/428 ms. 64 costs a 10,000-key prefix less than 16 would. The index counts every write in the store, so a busy
 * unwatched neighbour can trigger a re-read too: it costs one snapshot, and the mirror renders only what changed.
 */
export const BACKLOG_RESYNC = 64n;

export interface PollLoopOptions {
  client: EtcdV2Client;
  /** Key the long-poll is on (a watched prefix, or their common ancestor). */
  key: string;
  /** Watched prefixes the events are filtered to. */
  prefixes: string[];
  /** First waitIndex (the caller's revision + 1). */
  from: bigint;
  signal: AbortSignal;
  idleMs: number;
  backoff: BackoffPolicy;
  onEvent?: BackendEventListener | undefined;
  emit: (item: WatchItem) => void;
  /** Override BACKLOG_RESYNC (tests). */
  backlogResync?: bigint | undefined;
}

/**
 * Runs until the signal aborts or history is cleared (emits a resync). Every failure is retried, the ones a retry
 * is unlikely to fix (auth, 4xx) at the longest backoff: throwing would make the consumer re-watch from its newest
 * revision, skipping events another prefix's loop has not delivered yet.
 */
export async function runPollLoop(o: PollLoopOptions): Promise<void> {
  let next = o.from;
  let failures = 0;
  const onOpen = (endpoint: string): void => {
    if (failures > 0) o.onEvent?.({ type: 'connected', endpoint, attempt: failures });
    failures = 0;
  };
  while (!o.signal.aborted) {
    let result: PollResult;
    try {
      result = await o.client.poll(o.key, next, { signal: o.signal, idleMs: o.idleMs, onOpen });
    } catch (error) {
      if (o.signal.aborted) return;
      failures++;
      const endpoint = o.client.http.endpoint;
      if (failures === 1) o.onEvent?.({ type: 'disconnected', endpoint, error });
      // A poll that broke mid-wait or a member answering 5xx (no leader) moves us on; the HttpClient only rotates on failed sends.
      if (error instanceof EtcdV2Error || error instanceof HttpConnectionError) o.client.http.rotate(error.endpoint, error);
      o.onEvent?.({ type: 'retry', endpoint: o.client.http.endpoint, error, attempt: failures });
      const delay = isRetryable(error) ? backoffDelay(o.backoff, failures) : o.backoff.maxMs;
      const slept = await sleep(delay, true, { signal: o.signal }).catch(() => false);
      if (!slept) return;
      continue;
    }
    if (result.kind === 'idle') continue;
    if (result.kind === 'cleared') {
      o.onEvent?.({ type: 'resync', endpoint: o.client.http.endpoint });
      o.emit({ type: 'resync', reason: `etcd v2 history before index ${next} is cleared (watching ${o.key}): ${result.message}` });
      return;
    }
    const modified = result.event.node.modifiedIndex;
    // An event without an index cannot be resumed after: skip nothing, report it as history lost.
    if (modified === undefined) {
      o.emit({ type: 'resync', reason: `etcd v2 ${result.endpoint}: event without modifiedIndex on ${o.key}` });
      return;
    }
    const behind = result.storeIndex === undefined ? 0n : result.storeIndex - BigInt(modified);
    if (behind >= (o.backlogResync ?? BACKLOG_RESYNC)) {
      o.emit({ type: 'resync', reason: `etcd v2 watch on ${o.key} is ${behind} indexes behind the store: re-reading`, behind: true });
      return;
    }
    // The next index comes from the event, not X-Etcd-Index: that header is the store index when the poll began.
    next = BigInt(modified) + 1n;
    const events = toKeyEvents(result.event, o.prefixes);
    if (events.length > 0) o.emit({ type: 'change', revision: BigInt(modified), events });
  }
}

/** Connection loss, unreachable members, 5xx (no leader, member starting): worth retrying. Auth and 4xx are not. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HttpConnectionError) return true;
  if (error instanceof EtcdV2Error) return error.status >= 500;
  if (error instanceof BackendError) return error.code === 'BACKEND_UNREACHABLE' || /^HTTP_5\d\d$/.test(error.code);
  return false;
}

// The etcd v2 KeySource: snapshot by recursive GETs, watch by long-polls (confd's --backend etcd with the v2 API).
import type { KeySource } from '../key-source.js';
import { WATCH_RETRY, type BackoffPolicy } from '../../retry/backoff.js';
import { EtcdV2Client, type EtcdV2Options } from './client.js';
import { readSnapshot } from './snapshot.js';
import { watchV2, type Fanout } from './watch.js';

export interface EtcdV2SourceOptions extends EtcdV2Options {
  /** Re-poll a silent long-poll after this long (default 60 s); the request timeout only covers its headers. */
  pollIdleMs?: number;
  /** Default 'per-prefix' (see watch.ts and bench/v2-fanout.mjs). */
  fanout?: Fanout;
  /** Default WATCH_RETRY. */
  backoff?: BackoffPolicy;
}

export const DEFAULT_POLL_IDLE_MS = 60_000;

export function createEtcdV2Source(opts: EtcdV2SourceOptions): KeySource {
  const client = new EtcdV2Client(opts);
  return {
    name: 'etcdv2',
    snapshot: (prefixes, { signal }) => readSnapshot(client, prefixes, signal),
    watch: (prefixes, revision, { signal }) =>
      watchV2(client, prefixes, revision, {
        signal,
        idleMs: opts.pollIdleMs ?? DEFAULT_POLL_IDLE_MS,
        backoff: opts.backoff ?? WATCH_RETRY,
        fanout: opts.fanout ?? 'per-prefix',
        onEvent: opts.onEvent,
      }),
    close: () => {
      client.close();
      return Promise.resolve();
    },
  };
}

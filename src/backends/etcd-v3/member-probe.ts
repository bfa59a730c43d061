// A paused or partitioned member keeps a watch's TCP connection open and silent: probe it, and end the stream if it stops answering.
import { setTimeout as sleep } from 'node:timers/promises';
import type { EtcdV3Client } from './client.js';
import { rangeFields, type KeyRange } from './codec.js';

/**
 * Every `client.watchProbeMs`, a linearizable count-only range on `endpoint` (it needs the leader, so a member cut off
 * from its cluster fails it too). Resolves with the error when a probe fails; resolves undefined once `signal` aborts.
 */
export async function probeMember(client: EtcdV3Client, endpoint: string, range: KeyRange, signal: AbortSignal): Promise<unknown> {
  const body = { ...rangeFields({ key: range.key }), count_only: true };
  for (;;) {
    try {
      await sleep(client.watchProbeMs, undefined, { signal });
      await client.call('/v3/kv/range', body, { signal, endpoint });
    } catch (error) {
      return signal.aborted ? undefined : error;
    }
  }
}

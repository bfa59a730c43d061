// etcd v2: the key carries a TTL; `refresh=true` extends it without a new value (and without waking watchers).
import { EtcdV2Client, type EtcdV2Options } from '../backends/etcd-v2/client.js';
import { EtcdV2Error } from '../backends/etcd-v2/answer.js';
import { V2_ERROR } from '../backends/etcd-v2/flatten.js';
import { ttlSeconds, type Registrar } from './registrar.js';

const GONE_ACTIONS = new Set(['delete', 'expire', 'compareAndDelete']);
/** A silent long-poll is re-opened after this long (a dropped connection must not hide a deletion forever). */
const POLL_IDLE_MS = 60_000;

export function createEtcdV2Registrar(key: string, value: string, ttlMs: number, opts: EtcdV2Options): Registrar {
  const client = new EtcdV2Client(opts);
  const ttl = ttlSeconds(ttlMs);
  let held = false;
  /** modifiedIndex of our last write: the long-poll for a deletion starts after it. */
  let written = 0n;
  const write = async (signal: AbortSignal): Promise<void> => {
    const answer = await client.putV2(key, value, { ttl, signal });
    written = BigInt(answer.node.modifiedIndex ?? 0);
    held = true;
  };
  return {
    store: 'etcd v2',
    acquire: write,
    rewrite: write,
    async refresh(signal) {
      if (!held) return false;
      try {
        await client.putV2(key, '', { ttl, refresh: true, signal });
        return true;
      } catch (error) {
        if (!(error instanceof EtcdV2Error && error.errorCode === V2_ERROR.keyNotFound)) throw error;
        held = false;
        return false;
      }
    },
    async waitUntilGone(signal) {
      let index = written + 1n;
      for (;;) {
        const result = await client.poll(key, index, { signal, idleMs: POLL_IDLE_MS });
        if (result.kind === 'event') {
          if (result.event.node.key === key && GONE_ACTIONS.has(result.event.action))
            return result.event.action === 'expire' ? 'expired' : 'deleted';
          index = BigInt(result.event.node.modifiedIndex ?? Number(index)) + 1n;
        } else if (result.kind === 'cleared') {
          // History past our index is gone: look at the key itself, then follow from now.
          const tree = await client.getTree(key, signal);
          if (tree.node === undefined) return undefined;
          index = tree.index + 1n;
        }
      }
    },
    async release(signal) {
      if (!held) return;
      held = false;
      try {
        await client.deleteV2(key, { signal });
      } catch (error) {
        if (!(error instanceof EtcdV2Error && error.errorCode === V2_ERROR.keyNotFound)) throw error;
      }
    },
    close: () => client.close(),
  };
}

// etcd v3: the key is bound to a lease; keep-alives extend it, revoking it deletes the key atomically.
import { EtcdV3Client, type EtcdV3Options } from '../backends/etcd-v3/client.js';
import { openWatchStream } from '../backends/etcd-v3/watch-stream.js';
import { ttlSeconds, type Registrar } from './registrar.js';

export function createEtcdV3Registrar(key: string, value: string, ttlMs: number, opts: EtcdV3Options): Registrar {
  const client = new EtcdV3Client(opts);
  let lease: bigint | undefined;
  /** Revision of our last write: the watch for a deletion starts after it. */
  let written = 0n;
  return {
    store: 'etcd v3',
    async acquire(signal) {
      const granted = await client.grantLease(ttlSeconds(ttlMs), signal);
      try {
        written = await client.put(key, value, { lease: granted.id, signal });
      } catch (error) {
        // Do not leave an orphan lease behind a failed write.
        await client.revoke(granted.id).catch(() => undefined);
        throw error;
      }
      const old = lease;
      lease = granted.id;
      // A lease replaced while still alive would keep nothing, but would hold etcd memory until its TTL.
      if (old !== undefined) await client.revoke(old).catch(() => undefined);
    },
    async refresh(signal) {
      if (lease === undefined) return false;
      const ttl = await client.keepAlive(lease, signal);
      if (ttl > 0) return true;
      lease = undefined;
      return false;
    },
    async rewrite(signal) {
      if (lease === undefined) return this.acquire(signal);
      written = await client.put(key, value, { lease, signal });
    },
    async waitUntilGone(signal) {
      const range = { key: Buffer.from(key) };
      for await (const res of openWatchStream(client, range, written + 1n, signal, client.http.endpoint)) {
        // Compacted past our write: we cannot tell what happened, so look as if it was deleted (a rewrite is harmless).
        if (res.canceled) return undefined;
        // A DELETE looks the same whether someone deleted the key or our lease expired: the caller asks the lease.
        if (res.events.some((e) => e.type === 'delete' && e.key === key)) return undefined;
      }
      throw new Error(`watch of ${key} on ${client.http.endpoint} ended`);
    },
    async release(signal) {
      if (lease === undefined) return;
      const id = lease;
      lease = undefined;
      await client.revoke(id, signal);
    },
    close: () => client.close(),
  };
}

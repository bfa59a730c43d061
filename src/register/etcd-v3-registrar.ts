// etcd v3: the key is bound to a lease; keep-alives extend it, revoking it deletes the key atomically.
import { EtcdV3Client, type EtcdV3Options } from '../backends/etcd-v3/index.js';
import { ttlSeconds, type Registrar } from './registrar.js';

export function createEtcdV3Registrar(key: string, value: string, ttlMs: number, opts: EtcdV3Options): Registrar {
  const client = new EtcdV3Client(opts);
  let lease: bigint | undefined;
  return {
    store: 'etcd v3',
    async acquire(signal) {
      const granted = await client.grantLease(ttlSeconds(ttlMs), signal);
      try {
        await client.put(key, value, { lease: granted.id, signal });
      } catch (error) {
        // Do not leave an orphan lease behind a failed write.
        await client.revoke(granted.id).catch(() => undefined);
        throw error;
      }
      lease = granted.id;
    },
    async refresh(signal) {
      if (lease === undefined) return false;
      const ttl = await client.keepAlive(lease, signal);
      if (ttl > 0) return true;
      lease = undefined;
      return false;
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

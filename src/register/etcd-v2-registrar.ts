// etcd v2: the key carries a TTL; `refresh=true` extends it without a new value (and without waking watchers).
import { EtcdV2Client, EtcdV2Error, V2_ERROR, type EtcdV2Options } from '../backends/etcd-v2/index.js';
import { ttlSeconds, type Registrar } from './registrar.js';

export function createEtcdV2Registrar(key: string, value: string, ttlMs: number, opts: EtcdV2Options): Registrar {
  const client = new EtcdV2Client(opts);
  const ttl = ttlSeconds(ttlMs);
  let held = false;
  return {
    store: 'etcd v2',
    async acquire(signal) {
      await client.putV2(key, value, { ttl, signal });
      held = true;
    },
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

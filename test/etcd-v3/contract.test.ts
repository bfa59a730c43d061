// The shared KeySource contract against a real etcd over the v3 gateway.
import { afterAll, beforeAll } from 'vitest';
import { createEtcdV3Source } from '../../src/backends/etcd-v3/source.js';
import { describeKeySourceContract } from '../contract/key-source-contract.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';

let etcd: EtcdCluster;
beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => {
  await etcd.stop();
});

describeKeySourceContract('etcd v3', async (initial) => {
  // Leave exactly `initial`: wipe the keyspace, then write the keys.
  await etcd.etcdctl(['del', '', '--from-key']);
  for (const [key, value] of Object.entries(initial)) await etcd.put(key, value);
  const source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
  return {
    source,
    put: async (key, value) => {
      await source.client.put(key, value);
    },
    del: async (key) => {
      await source.client.delete(key);
    },
    close: () => source.close(),
  };
});

// The shared KeySource contract against a real etcd serving the v2 API.
import { afterAll, beforeAll } from 'vitest';
import { createEtcdV2Source } from '../../src/backends/etcd-v2/source.js';
import type { V2Response } from '../../src/backends/etcd-v2/flatten.js';
import { describeKeySourceContract } from '../contract/key-source-contract.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { v2Store } from './v2-store.js';

let etcd: EtcdCluster;
beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => {
  await etcd.stop();
});

describeKeySourceContract('etcd v2', async (initial) => {
  const store = v2Store(etcd.endpoints);
  // Leave exactly `initial`: drop every top-level node, then write the keys.
  const root = (await (await fetch(`${etcd.endpoints[0]}/v2/keys/`)).json()) as V2Response;
  for (const node of root.node.nodes ?? []) await store.del(node.key ?? '/', { recursive: node.dir === true });
  for (const [key, value] of Object.entries(initial)) await store.put(key, value);
  const source = createEtcdV2Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
  return {
    source,
    put: async (key, value) => {
      await store.put(key, value);
    },
    del: async (key) => {
      await store.del(key);
    },
    close: () => source.close(),
  };
});

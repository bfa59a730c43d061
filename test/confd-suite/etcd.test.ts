import { afterAll, beforeAll, describe, it } from 'vitest';
import { createEtcdV2Source } from '../../src/backends/etcd-v2/source.js';
import { createEtcdV3Source } from '../../src/backends/etcd-v3/source.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { useTempDirs } from '../support/temp-dir.js';
import { renderSuiteAndCompare, SUITE_DATA, type SuiteVariant } from './suite.js';

const tempDir = useTempDirs();

describe('confd suite against a real etcd, byte for byte', () => {
  let etcd: EtcdCluster;
  beforeAll(async () => {
    etcd = await startEtcd();
    for (const [k, v] of Object.entries(SUITE_DATA)) {
      await etcd.put(k, v);
      // etcd 3.4 keeps the v2 store apart: write the same keys through /v2/keys, as confd's v2 tests do.
      const res = await fetch(`${etcd.endpoints[0]}/v2/keys${k}`, { method: 'PUT', body: new URLSearchParams({ value: v }) });
      if (!res.ok) throw new Error(`v2 put ${k}: ${res.status}`);
    }
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  const opts = () => ({ endpoints: etcd.endpoints, dialTimeoutMs: 2_000, requestTimeoutMs: 5_000 });

  it.each<SuiteVariant>(['handlebars', 'converted'])('renders from etcd v3 (%s)', async (variant) => {
    const source = createEtcdV3Source(opts());
    try {
      await renderSuiteAndCompare(await tempDir(), source, variant);
    } finally {
      await source.close();
    }
  });

  it.each<SuiteVariant>(['handlebars', 'converted'])('renders from etcd v2 (%s)', async (variant) => {
    const source = createEtcdV2Source(opts());
    try {
      await renderSuiteAndCompare(await tempDir(), source, variant);
    } finally {
      await source.close();
    }
  });
});

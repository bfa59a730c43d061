import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEtcdV3Source, type EtcdV3Source } from '../../src/backends/etcd-v3/source.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';

describe('etcd v3 writes and leases', () => {
  let etcd: EtcdCluster;
  let source: EtcdV3Source;
  const snap = (prefix: string) => source.snapshot([prefix], { signal: AbortSignal.timeout(10_000) });

  beforeAll(async () => {
    etcd = await startEtcd();
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await source?.close();
    await etcd?.stop();
  });

  it('grants a lease, keeps it alive, and revoking it removes the keys attached to it', async () => {
    const lease = await source.client.grantLease(30);
    expect(lease.ttl).toBe(30);
    expect(lease.id).toBeGreaterThan(0n);
    const rev = await source.client.put('/svc/node1', '10.0.0.1:80', { lease: lease.id });
    expect(rev).toBe(await etcd.revision());
    expect(await source.client.keepAlive(lease.id)).toBe(30);
    expect((await snap('/svc')).keys.get('/svc/node1')).toBe('10.0.0.1:80');
    await source.client.revoke(lease.id);
    expect((await snap('/svc')).keys.size).toBe(0);
    expect(await source.client.keepAlive(lease.id)).toBe(0);
  });

  it('deletes one key, or a prefix with exact prefix semantics', async () => {
    for (const k of ['/d/a', '/d/a/x', '/d/ab', '/d/a-y']) await source.client.put(k, '1');
    await source.client.delete('/d/a', { prefix: true });
    expect([...(await snap('/d')).keys.keys()].sort()).toEqual(['/d/a-y', '/d/ab']);
    await source.client.delete('/d/ab');
    expect([...(await snap('/d')).keys.keys()]).toEqual(['/d/a-y']);
  });
});

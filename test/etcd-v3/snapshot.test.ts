import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEtcdV3Source, type EtcdV3Source } from '../../src/backends/etcd-v3/source.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';

describe('etcd v3 snapshot', () => {
  let etcd: EtcdCluster;
  let source: EtcdV3Source;
  const signal = (): AbortSignal => AbortSignal.timeout(20_000);

  beforeAll(async () => {
    etcd = await startEtcd();
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000, pageSize: 100 });
  });
  afterAll(async () => {
    await source?.close();
    await etcd?.stop();
  });

  it('covers /app and /app/… but never /application or /app-x', async () => {
    for (const k of ['/app', '/app/a', '/app/b/c', '/application', '/app-x', '/app.y', '/ap', '/apq']) await source.client.put(k, `v${k}`);
    const snap = await source.snapshot(['/app'], { signal: signal() });
    expect([...snap.keys.keys()].sort()).toEqual(['/app', '/app/a', '/app/b/c']);
    expect(snap.keys.get('/app/b/c')).toBe('v/app/b/c');
  });

  it('keeps keys with empty values', async () => {
    await source.client.put('/empty/k', '');
    const snap = await source.snapshot(['/empty'], { signal: signal() });
    expect(snap.keys).toEqual(new Map([['/empty/k', '']]));
  });

  it('pages 2,500 keys with a small page size, all at one revision', async () => {
    const ops = Array.from({ length: 2500 }, (_, i) => ({
      request_put: { key: b64(`/big/k${String(i).padStart(4, '0')}`), value: b64(`v${i}`) },
    }));
    // etcd caps a txn at 128 operations by default.
    for (let i = 0; i < ops.length; i += 125) await source.client.call('/v3/kv/txn', { success: ops.slice(i, i + 125) });
    const before = await etcd.revision();
    // Writes racing the paging must not leak in: the snapshot is pinned to its first page's revision.
    const racing = (async () => {
      for (let i = 0; i < 20; i++) await source.client.put(`/big/k${String(i * 100).padStart(4, '0')}`, 'changed');
    })();
    const snap = await source.snapshot(['/big'], { signal: signal() });
    await racing;
    expect(snap.keys.size).toBe(2500);
    expect(snap.revision).toBeGreaterThanOrEqual(before);
    const changed = [...snap.keys.values()].filter((v) => v === 'changed').length;
    // Every key written at or before the snapshot revision shows 'changed', none after it.
    expect(BigInt(changed)).toBe(snap.revision - before < 20n ? snap.revision - before : 20n);
    expect(snap.keys.get('/big/k2499')).toBe('v2499');
  });

  it('reads several prefixes at one revision and merges nested ones', async () => {
    await source.client.put('/multi/a/x', '1');
    await source.client.put('/multi/b/y', '2');
    const rev = await etcd.revision();
    const snap = await source.snapshot(['/multi/a', '/multi/b', '/multi/a/x'], { signal: signal() });
    expect(snap.revision).toBe(rev);
    expect(snap.keys).toEqual(
      new Map([
        ['/multi/a/x', '1'],
        ['/multi/b/y', '2'],
      ]),
    );
  });

  it('returns an empty snapshot for a prefix with no keys', async () => {
    const snap = await source.snapshot(['/nothing/here'], { signal: signal() });
    expect(snap.keys.size).toBe(0);
    expect(snap.revision).toBeGreaterThan(0n);
  });
});

function b64(s: string): string {
  return Buffer.from(s).toString('base64');
}

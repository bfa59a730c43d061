import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEtcdV2Source } from '../../src/backends/etcd-v2/source.js';
import { EtcdV2Client } from '../../src/backends/etcd-v2/client.js';
import { readSnapshot } from '../../src/backends/etcd-v2/snapshot.js';
import type { KeySource } from '../../src/backends/key-source.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { v2Store, type V2Store } from './v2-store.js';

describe('etcd v2 snapshot', () => {
  let etcd: EtcdCluster;
  let store: V2Store;
  let source: KeySource;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    etcd = await startEtcd();
    store = v2Store(etcd.endpoints);
    source = createEtcdV2Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
    // confd's quick-start layout, written with the v2 API as `curl -XPUT …/v2/keys/… -d value=…` would.
    await store.put('/myapp/database/url', 'db.example.com');
    await store.put('/myapp/database/user', 'rob');
    await store.put('/myapp/upstream/app1', '10.0.1.10:80');
    await store.put('/myapp/upstream/app2', '10.0.1.11:80');
    await store.mkdir('/myapp/empty');
    await store.put('/myapplication/secret', 'not yours');
    await store.put('/other/x', 'y');
  });
  afterAll(async () => {
    await source.close();
    await etcd.stop();
  });

  it('flattens a confd-style tree and stamps it with X-Etcd-Index', async () => {
    const snap = await source.snapshot(['/myapp'], { signal });
    expect(Object.fromEntries(snap.keys)).toEqual({
      '/myapp/database/url': 'db.example.com',
      '/myapp/database/user': 'rob',
      '/myapp/upstream/app1': '10.0.1.10:80',
      '/myapp/upstream/app2': '10.0.1.11:80',
    });
    expect(snap.revision).toBe(await store.index());
  });

  it('lists an empty directory in dirs', async () => {
    const snap = await source.snapshot(['/myapp'], { signal });
    expect([...(snap.dirs ?? [])]).toEqual(['/myapp/empty']);
  });

  it('never lets /myapp cover its sibling /myapplication', async () => {
    const snap = await source.snapshot(['/myapp'], { signal });
    expect([...snap.keys.keys()].some((k) => k.startsWith('/myapplication'))).toBe(false);
  });

  it('reads a missing prefix as no keys (errorCode 100)', async () => {
    const snap = await source.snapshot(['/nothing/here'], { signal });
    expect(snap.keys.size).toBe(0);
    expect(snap.revision).toBe(await store.index());
  });

  it('merges nested prefixes and reads several prefixes at one index', async () => {
    const snap = await source.snapshot(['/myapp/upstream', '/other', '/myapp/upstream/app1', '/nothing'], { signal });
    expect(Object.fromEntries(snap.keys)).toEqual({
      '/myapp/upstream/app1': '10.0.1.10:80',
      '/myapp/upstream/app2': '10.0.1.11:80',
      '/other/x': 'y',
    });
    expect(snap.revision).toBe(await store.index());
  });

  it('falls back to one read of the common ancestor, filtered to the prefixes', async () => {
    const client = new EtcdV2Client({ endpoints: etcd.endpoints, dialTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
    try {
      const viaAncestor = await readSnapshot(client, ['/myapp/upstream', '/myapp/empty', '/other'], signal, 0);
      const viaRounds = await readSnapshot(client, ['/myapp/upstream', '/myapp/empty', '/other'], signal);
      expect(viaAncestor).toEqual(viaRounds);
      expect([...viaAncestor.keys.keys()]).toEqual(['/myapp/upstream/app1', '/myapp/upstream/app2', '/other/x']);
      expect([...(viaAncestor.dirs ?? [])]).toEqual(['/myapp/empty']);
    } finally {
      client.close();
    }
  });

  it('stays consistent under busy writers: the snapshot equals the store at its index', async () => {
    const groups = Array.from({ length: 4 }, (_, g) => Array.from({ length: 6 }, (_, i) => `/race/g${g}p${i}`));
    let busy = true;
    // Each writer sets its group's prefixes in turn: at any one index a group's values never rise along it.
    const writers = groups.map(async (group) => {
      for (let n = 1; busy; n++) for (const p of group) await store.put(`${p}/k`, String(n));
    });
    try {
      for (let i = 0; i < 30; i++) {
        const snap = await source.snapshot(groups.flat(), { signal });
        for (const group of groups) {
          const values = group.map((p) => Number(snap.keys.get(`${p}/k`) ?? 0));
          expect(
            values.every((v, j) => j === 0 || v <= (values[j - 1] ?? 0)),
            `values ${values.join(',')}`,
          ).toBe(true);
        }
      }
    } finally {
      busy = false;
      await Promise.all(writers);
    }
  });

  it('reads a prefix that is a single key', async () => {
    const snap = await source.snapshot(['/myapp/database/url'], { signal });
    expect(Object.fromEntries(snap.keys)).toEqual({ '/myapp/database/url': 'db.example.com' });
  });

  it('returns the current index for no prefixes', async () => {
    const snap = await source.snapshot([], { signal });
    expect(snap.keys.size).toBe(0);
    expect(snap.revision).toBe(await store.index());
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BackendEvent } from '../../src/backends/backend-event.js';
import { createEtcdV3Source, type EtcdV3Source } from '../../src/backends/etcd-v3/source.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { changedKeys, recordWatch, type WatchRecorder } from './watch-helpers.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('etcd v3 watch', () => {
  let etcd: EtcdCluster;
  let source: EtcdV3Source;
  let watch: WatchRecorder | undefined;
  const events: BackendEvent[] = [];

  beforeAll(async () => {
    etcd = await startEtcd();
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000, onEvent: (e) => events.push(e) });
  });
  afterEach(async () => {
    await watch?.stop();
    watch = undefined;
  });
  afterAll(async () => {
    await source?.close();
    await etcd?.stop();
  });

  it('delivers puts and deletes after the given revision, one Change per revision', async () => {
    await source.client.put('/w1/old', 'before');
    const rev = await etcd.revision();
    watch = recordWatch(source, ['/w1'], rev);
    await etcd.put('/w1/a', '1');
    await etcd.put('/w1/b', '');
    await etcd.del('/w1/old');
    await watch.until((items) => changedKeys(items).length === 3);
    expect(changedKeys(watch.items)).toEqual([
      ['/w1/a', '1'],
      ['/w1/b', ''],
      ['/w1/old', null],
    ]);
    const revisions = watch.items.filter((i) => i.type === 'change').map((i) => i.revision);
    expect(revisions).toEqual([rev + 1n, rev + 2n, rev + 3n]);
  });

  it('delivers a multi-key txn as ONE Change with all its events', async () => {
    await source.client.put('/w2/gone', 'x');
    const rev = await etcd.revision();
    watch = recordWatch(source, ['/w2'], rev);
    await source.client.call('/v3/kv/txn', {
      success: [
        { request_put: { key: b64('/w2/a'), value: b64('1') } },
        { request_put: { key: b64('/w2/b'), value: b64('2') } },
        { request_delete_range: { key: b64('/w2/gone') } },
      ],
    });
    await watch.until((items) => items.some((i) => i.type === 'change'));
    const changes = watch.items.filter((i) => i.type === 'change');
    expect(changes).toEqual([
      {
        type: 'change',
        revision: rev + 1n,
        events: [
          { type: 'put', key: '/w2/a', value: '1' },
          { type: 'put', key: '/w2/b', value: '2' },
          { type: 'delete', key: '/w2/gone' },
        ],
      },
    ]);
  });

  it('keeps a txn spanning two watched prefixes in one Change and ignores sibling prefixes', async () => {
    const rev = await etcd.revision();
    watch = recordWatch(source, ['/w3/app', '/w3/db'], rev);
    await etcd.put('/w3/application', 'sibling');
    await etcd.put('/w3/app-x', 'sibling');
    await etcd.put('/w3/other/k', 'sibling');
    await source.client.call('/v3/kv/txn', {
      success: [{ request_put: { key: b64('/w3/app/k'), value: b64('a') } }, { request_put: { key: b64('/w3/db/k'), value: b64('d') } }],
    });
    await etcd.put('/w3/app', 'exact');
    await watch.until((items) => changedKeys(items).length >= 3);
    expect(watch.items.filter((i) => i.type === 'change')).toEqual([
      {
        type: 'change',
        revision: rev + 4n,
        events: [
          { type: 'put', key: '/w3/app/k', value: 'a' },
          { type: 'put', key: '/w3/db/k', value: 'd' },
        ],
      },
      { type: 'change', revision: rev + 5n, events: [{ type: 'put', key: '/w3/app', value: 'exact' }] },
    ]);
  });

  it('yields a progress item when only sibling keys change, so the consumer can advance', async () => {
    const rev = await etcd.revision();
    watch = recordWatch(source, ['/w4/app'], rev);
    await etcd.put('/w4/app-x', 'sibling');
    await watch.until((items) => items.some((i) => i.type === 'progress' && i.revision === rev + 1n));
    expect(changedKeys(watch.items)).toEqual([]);
  });

  it('watches many prefixes with one stream and filters out everything else', async () => {
    const prefixes = Array.from({ length: 8 }, (_, i) => `/w5/p${i}`);
    const rev = await etcd.revision();
    const connectedBefore = events.filter((e) => e.type === 'connected').length;
    watch = recordWatch(source, prefixes, rev);
    for (let i = 0; i < 8; i++) await etcd.put(`/w5/p${i}x`, 'sibling');
    for (let i = 0; i < 8; i++) await etcd.put(`/w5/p${i}/k`, String(i));
    await watch.until((items) => changedKeys(items).length === 8);
    expect(changedKeys(watch.items)).toEqual(prefixes.map((p, i) => [`${p}/k`, String(i)]));
    expect(events.filter((e) => e.type === 'connected').length - connectedBefore).toBe(1);
  });

  it('yields resync and ends when the watch revision was compacted', async () => {
    await etcd.put('/w6/a', '1');
    const old = await etcd.revision();
    await etcd.put('/w6/a', '2');
    await etcd.put('/w6/a', '3');
    const now = await etcd.revision();
    await etcd.etcdctl(['compact', String(now)]);
    watch = recordWatch(source, ['/w6'], old - 1n);
    await watch.until((items) => items.some((i) => i.type === 'resync'));
    const resync = watch.items.find((i) => i.type === 'resync');
    expect(resync).toMatchObject({ type: 'resync', reason: expect.stringContaining(`compacted to revision ${now}`) });
    await watch.until(() => watch?.ended === true);
    expect(changedKeys(watch.items)).toEqual([]);
  });

  it('ends cleanly on abort and leaves no open sockets behind', async () => {
    const rev = await etcd.revision();
    watch = recordWatch(source, ['/w7'], rev);
    await etcd.put('/w7/a', '1');
    await watch.until((items) => changedKeys(items).length === 1);
    await watch.stop();
    expect(watch.ended).toBe(true);
    const sockets = (process as unknown as { _getActiveHandles(): unknown[] })
      ._getActiveHandles()
      .filter((h) => h?.constructor?.name === 'Socket' && (h as { remotePort?: number }).remotePort === etcd.members[0]?.clientPort);
    // Idle keep-alive sockets from unary calls may stay pooled; the watch socket must be gone.
    expect(sockets.every((s) => !(s as { _httpMessage?: unknown })._httpMessage)).toBe(true);
  });
});

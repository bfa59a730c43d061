import { afterEach, describe, expect, it } from 'vitest';
import type { BackendEvent } from '../../src/backends/backend-event.js';
import { encode } from '../../src/backends/etcd-v3/codec.js';
import { createEtcdV3Source, type EtcdV3Source } from '../../src/backends/etcd-v3/source.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { changedKeys, changeLog, historyOf, recordWatch, retry, strictlyIncreasing, type WatchRecorder } from './watch-helpers.js';

/** The store's history of `prefix` since `revision`, read on healthy members by a watch that saw no failure. */
async function history(etcd: EtcdCluster, prefix: string, revision: bigint, lastKey: string): Promise<string[]> {
  const fresh = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 500, requestTimeoutMs: 3000 });
  try {
    return await historyOf(fresh, prefix, revision, lastKey);
  } finally {
    await fresh.close();
  }
}

describe('etcd v3 watch across failures', () => {
  let etcd: EtcdCluster | undefined;
  let source: EtcdV3Source | undefined;
  let watch: WatchRecorder | undefined;

  afterEach(async () => {
    await watch?.stop();
    await source?.close();
    await etcd?.stop();
    watch = source = etcd = undefined;
  });

  it('resumes after its member is killed and restarted, delivering writes made while it was down', async () => {
    etcd = await startEtcd({ members: 3 });
    const [m0] = etcd.members;
    if (!m0) throw new Error('no member');
    source = createEtcdV3Source({ endpoints: [m0.clientUrl], dialTimeoutMs: 500, requestTimeoutMs: 3000 });
    const rev = await etcd.revision();
    watch = recordWatch(source, ['/r'], rev);
    await etcd.put('/r/before', '1');
    await watch.until((items) => changedKeys(items).length === 1);
    await m0.stop('SIGKILL');
    // The killed member may have led: the first write can time out while the other two elect a leader.
    for (let i = 0; i < 5; i++) await retry(() => etcd!.put(`/r/down${i}`, String(i)));
    m0.start();
    await etcd.waitHealthy(m0);
    await etcd.put('/r/after', '2');
    await watch.until((items) => changedKeys(items).some(([k]) => k === '/r/after'));
    // Exactly the store's history, each revision once: a watch that replayed from the start, or lost a write, differs.
    // (A retried put may have landed twice; then the history has it twice too, at two revisions.)
    expect(changeLog(watch.items)).toEqual(await history(etcd, '/r', rev, '/r/after'));
    expect(strictlyIncreasing(watch.items)).toBe(true);
    expect(new Set(changedKeys(watch.items).map(([k]) => k))).toEqual(
      new Set(['/r/before', '/r/down0', '/r/down1', '/r/down2', '/r/down3', '/r/down4', '/r/after']),
    );
  });

  it('fails over to another member when the one in use stops, losing no update', async () => {
    etcd = await startEtcd({ members: 3 });
    const events: BackendEvent[] = [];
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 500, requestTimeoutMs: 3000, onEvent: (e) => events.push(e) });
    const rev = await etcd.revision();
    watch = recordWatch(source, ['/f'], rev);
    await etcd.put('/f/0', 'a');
    await watch.until((items) => changedKeys(items).length === 1);
    const used = etcd.members.find((m) => m.clientUrl === source?.client.http.endpoint);
    if (!used) throw new Error('endpoint in use is not a member');
    await used.stop();
    for (let i = 1; i <= 5; i++) await retry(() => etcd!.put(`/f/${i}`, 'b'));
    await watch.until((items) => changedKeys(items).some(([k]) => k === '/f/5'));
    expect(changeLog(watch.items)).toEqual(await history(etcd, '/f', rev, '/f/5'));
    expect(strictlyIncreasing(watch.items)).toBe(true);
    expect([...new Set(changedKeys(watch.items).map(([k]) => k))]).toEqual(['/f/0', '/f/1', '/f/2', '/f/3', '/f/4', '/f/5']);
    expect(source.client.http.endpoint).not.toBe(used.clientUrl);
    expect(events.some((e) => e.type === 'failover' && e.endpoint !== used.clientUrl)).toBe(true);
    // Unary calls fail over too.
    const snap = await source.snapshot(['/f'], { signal: AbortSignal.timeout(10_000) });
    expect(snap.keys.size).toBe(6);
  });

  it('leaves a paused (hung) member it watches through and resumes on another, losing no update', async () => {
    etcd = await startEtcd({ members: 3 });
    const events: BackendEvent[] = [];
    source = createEtcdV3Source({
      endpoints: etcd.endpoints,
      dialTimeoutMs: 300,
      requestTimeoutMs: 1000,
      watchProbeMs: 300,
      onEvent: (e) => events.push(e),
    });
    const rev = await etcd.revision();
    watch = recordWatch(source, ['/h'], rev);
    await etcd.put('/h/0', 'a');
    await watch.until((items) => changedKeys(items).length === 1);
    const hung = etcd.members.find((m) => m.clientUrl === source?.client.http.endpoint);
    if (!hung) throw new Error('endpoint in use is not a member');
    const others = etcd.members.filter((m) => m !== hung).map((m) => m.clientUrl);
    // If the paused member led the cluster, a put during the election may answer "request timed out" and yet commit.
    // Each key is created only if absent (a txn comparing its create revision with 0), so a retried put cannot write
    // a second revision of it.
    const writer = createEtcdV3Source({ endpoints: others, dialTimeoutMs: 300, requestTimeoutMs: 5_000 });
    const createOnce = (key: string, value: string): Promise<unknown> =>
      retry(() =>
        writer.client.call('/v3/kv/txn', {
          compare: [{ key: encode(key), target: 'CREATE', result: 'EQUAL', create_revision: '0' }],
          success: [{ request_put: { key: encode(key), value: encode(value) } }],
        }),
      );
    hung.pause();
    try {
      for (let i = 1; i <= 3; i++) await createOnce(`/h/${i}`, 'b');
      await watch.until((items) => changedKeys(items).length === 4);
    } finally {
      hung.resume();
      await writer.close();
    }
    expect(changedKeys(watch.items).map(([k]) => k)).toEqual(['/h/0', '/h/1', '/h/2', '/h/3']);
    expect(changeLog(watch.items)).toEqual(await history(etcd, '/h', rev, '/h/3'));
    expect(strictlyIncreasing(watch.items)).toBe(true);
    expect(events.some((e) => e.type === 'disconnected' && e.endpoint === hung.clientUrl)).toBe(true);
  });

  it('turns progress notifications into progress items', async () => {
    etcd = await startEtcd({ extraArgs: ['--experimental-watch-progress-notify-interval', '200ms'] });
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 500, requestTimeoutMs: 3000 });
    await etcd.put('/elsewhere', 'x');
    const rev = await etcd.revision();
    watch = recordWatch(source, ['/quiet'], rev - 1n);
    await watch.until((items) => items.some((i) => i.type === 'progress' && i.revision >= rev));
    expect(changedKeys(watch.items)).toEqual([]);
  });

  it('keeps retrying while no endpoint answers and picks up once one does', async () => {
    etcd = await startEtcd();
    const [m0] = etcd.members;
    if (!m0) throw new Error('no member');
    const events: BackendEvent[] = [];
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 300, requestTimeoutMs: 1000, onEvent: (e) => events.push(e) });
    const rev = await etcd.revision();
    await m0.stop();
    watch = recordWatch(source, ['/x'], rev);
    await watch.until(() => events.filter((e) => e.type === 'retry').length >= 3);
    m0.start();
    await etcd.waitHealthy(m0);
    await etcd.put('/x/k', 'v');
    await watch.until((items) => changedKeys(items).length === 1);
    expect(watch.ended).toBe(false);
  });
});

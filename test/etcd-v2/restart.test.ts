import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendEvent } from '../../src/backends/backend-event.js';
import { createEtcdV2Source } from '../../src/backends/etcd-v2/source.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { v2Store } from './v2-store.js';
import { WatchTap } from './watch-tap.js';

describe('etcd v2 watch across a member restart', () => {
  let etcd: EtcdCluster;
  beforeAll(async () => {
    etcd = await startEtcd({ members: 3 });
  });
  afterAll(async () => {
    await etcd.stop();
  });

  // Writes go to whichever members are up.
  const store = () => v2Store(() => etcd.members.filter((m) => m.running).map((m) => m.clientUrl));

  it('delivers puts made while its only member was down, resuming from the last index', async () => {
    const m0 = etcd.members[0]!;
    const events: BackendEvent[] = [];
    const source = createEtcdV2Source({
      endpoints: [m0.clientUrl],
      dialTimeoutMs: 500,
      requestTimeoutMs: 1_000,
      backoff: { initialMs: 50, maxMs: 300, jitter: 'equal' },
      onEvent: (e) => events.push(e),
    });
    const controller = new AbortController();
    const snap = await source.snapshot(['/r1'], { signal: controller.signal });
    const tap = new WatchTap(source.watch(['/r1'], snap.revision, { signal: controller.signal }));
    try {
      await store().put('/r1/before', 'b');
      await tap.put('/r1/before', 'b');
      await m0.stop();
      await store().put('/r1/while-down-1', 'x');
      await store().put('/r1/while-down-2', 'y');
      await store().del('/r1/before');
      m0.start();
      await tap.until((t) => t.events.some((e) => e.type === 'delete' && e.key === '/r1/before'), 'the delete made while down', 20_000);
      expect(tap.events).toEqual([
        { type: 'put', key: '/r1/before', value: 'b' },
        { type: 'put', key: '/r1/while-down-1', value: 'x' },
        { type: 'put', key: '/r1/while-down-2', value: 'y' },
        { type: 'delete', key: '/r1/before' },
      ]);
      expect(events.map((e) => e.type)).toContain('retry');
      expect(tap.items.some((i) => i.type === 'resync')).toBe(false);
    } finally {
      controller.abort();
      await tap.done;
      await source.close();
      await etcd.waitHealthy();
    }
    expect(tap.error).toBeUndefined();
  });

  it('fails over to the next endpoint when the member it polls stops', async () => {
    const m0 = etcd.members[0]!;
    const events: BackendEvent[] = [];
    const source = createEtcdV2Source({
      endpoints: etcd.endpoints,
      dialTimeoutMs: 500,
      requestTimeoutMs: 1_000,
      backoff: { initialMs: 50, maxMs: 300, jitter: 'equal' },
      onEvent: (e) => events.push(e),
    });
    const controller = new AbortController();
    const snap = await source.snapshot(['/r2'], { signal: controller.signal });
    const tap = new WatchTap(source.watch(['/r2'], snap.revision, { signal: controller.signal }));
    try {
      await store().put('/r2/a', '1');
      await tap.put('/r2/a', '1');
      await m0.stop();
      await store().put('/r2/b', '2');
      await tap.put('/r2/b', '2', 15_000);
      expect(events.some((e) => e.type === 'failover' && e.endpoint !== m0.clientUrl)).toBe(true);
      expect(tap.events.map((e) => e.key)).toEqual(['/r2/a', '/r2/b']);
    } finally {
      controller.abort();
      await tap.done;
      await source.close();
      m0.start();
      await etcd.waitHealthy();
    }
  });

  it('leaves a hung (SIGSTOPped) member after the idle limit and fails over', async () => {
    const m0 = etcd.members[0]!;
    const events: BackendEvent[] = [];
    const source = createEtcdV2Source({
      endpoints: etcd.endpoints,
      dialTimeoutMs: 300,
      requestTimeoutMs: 300,
      pollIdleMs: 600,
      onEvent: (e) => events.push(e),
      backoff: { initialMs: 50, maxMs: 300, jitter: 'equal' },
    });
    const controller = new AbortController();
    const snap = await source.snapshot(['/r3'], { signal: controller.signal });
    const tap = new WatchTap(source.watch(['/r3'], snap.revision, { signal: controller.signal }));
    try {
      await store().put('/r3/a', '1');
      await tap.put('/r3/a', '1');
      // The open poll's socket stays up but silent: only the idle limit, then the header timeout, expose it.
      m0.pause();
      await v2Store(etcd.endpoints.slice(1)).put('/r3/b', '2');
      await tap.put('/r3/b', '2', 15_000);
      expect(tap.events.map((e) => e.key)).toEqual(['/r3/a', '/r3/b']);
      expect(events.some((e) => e.type === 'failover' && e.endpoint !== m0.clientUrl)).toBe(true);
    } finally {
      m0.resume();
      controller.abort();
      await tap.done;
      await source.close();
      await etcd.waitHealthy();
    }
  });
});

// A v2 watch far behind the store re-reads the snapshot instead of replaying one long-poll per event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEtcdV2Source } from '../../src/backends/etcd-v2/source.js';
import { BACKLOG_RESYNC } from '../../src/backends/etcd-v2/poll-loop.js';
import type { KeySource } from '../../src/backends/key-source.js';
import type { WatchItem } from '../../src/keys/change.js';
import { feedMirror } from '../../src/daemon/feed.js';
import type { Logger, LogFields } from '../../src/log/logger.js';
import { Mirror } from '../../src/mirror/mirror.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { v2Store, type V2Store } from './v2-store.js';

/** Run `fn` over `items` with at most `width` in flight. */
async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

describe('etcd v2 watch far behind the store', () => {
  let etcd: EtcdCluster;
  let store: V2Store;
  let source: KeySource;

  beforeAll(async () => {
    etcd = await startEtcd();
    store = v2Store(etcd.endpoints);
    source = createEtcdV2Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1_000, requestTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await source?.close();
    await etcd?.stop();
  });

  it('asks for a fresh snapshot instead of replaying a backlog longer than BACKLOG_RESYNC', async () => {
    await store.put('/lag/a', 'start');
    const from = await store.index();
    for (let i = 0; i < Number(BACKLOG_RESYNC) + 10; i++) await store.put('/lag/a', `v${i}`);
    const controller = new AbortController();
    const items: WatchItem[] = [];
    for await (const item of source.watch(['/lag'], from, { signal: controller.signal })) {
      items.push(item);
      if (item.type === 'resync' || items.length > 5) break;
    }
    controller.abort();
    expect(items).toEqual([{ type: 'resync', reason: expect.stringContaining('indexes behind') as unknown, behind: true }]);
  });

  it('still replays a short backlog event by event', async () => {
    await store.put('/short/a', 'start');
    const from = await store.index();
    for (let i = 0; i < 3; i++) await store.put('/short/a', `v${i}`);
    const controller = new AbortController();
    const values: string[] = [];
    for await (const item of source.watch(['/short'], from, { signal: controller.signal })) {
      if (item.type !== 'change') throw new Error(`unexpected ${item.type}`);
      for (const e of item.events) if (e.type === 'put') values.push(e.value);
      if (values.length === 3) break;
    }
    controller.abort();
    expect(values).toEqual(['v0', 'v1', 'v2']);
  });

  it('ends a burst of 1,000 writes with every key right: none lost, none stale', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `/burst/k${i}`);
    for (const n of names) await store.put(n, 'seed');
    const mirror = new Mirror();
    mirror.load(await source.snapshot(['/burst'], { signal: AbortSignal.timeout(5_000) }));
    const debug: Array<[string, LogFields | undefined]> = [];
    const logger: Logger = { debug: (msg, fields) => debug.push([msg, fields]), info() {}, warn() {}, error() {} };
    let onChange = (): void => {};
    const controller = new AbortController();
    const feeding = feedMirror(
      { source, mirror, prefixes: ['/burst'], logger, intervalMs: undefined, onChange: () => onChange() },
      controller.signal,
    );
    try {
      // Puts, deletes and a key that appears late, 32 in flight, as bench/watch.mjs's burst.
      const ops = Array.from({ length: 1000 }, (_, i) => i);
      await pool(ops, 32, (i) =>
        i % 97 === 0 ? store.del(names[i % 10] as string).catch(() => undefined) : store.put(names[i % 10] as string, `b${i}`),
      );
      await store.put('/burst/late', 'last');
      const truth = await source.snapshot(['/burst'], { signal: AbortSignal.timeout(5_000) });
      const same = (): boolean => {
        const view = mirror.view();
        return view.size === truth.keys.size && [...truth.keys].every(([k, v]) => view.get(k) === v);
      };
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`mirror never matched the store: ${JSON.stringify(mirror.view().entries())}`)),
          20_000,
        );
        onChange = () => {
          if (!same()) return;
          clearTimeout(timer);
          resolve();
        };
        onChange();
      });
      expect(debug.some(([msg]) => msg.includes('far behind the store'))).toBe(true);
      expect(mirror.revision).toBeGreaterThanOrEqual(truth.revision);
    } finally {
      controller.abort();
      await feeding;
    }
  });
});

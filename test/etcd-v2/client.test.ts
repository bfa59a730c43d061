import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEtcdV2Source } from '../../src/backends/etcd-v2/source.js';
import { EtcdV2Client } from '../../src/backends/etcd-v2/client.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { WatchTap } from './watch-tap.js';

describe('etcd v2 writes for TTL registration (putV2 / deleteV2)', () => {
  let etcd: EtcdCluster;
  let client: EtcdV2Client;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    etcd = await startEtcd();
    client = new EtcdV2Client({ endpoints: etcd.endpoints, dialTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
  });
  afterAll(async () => {
    client.close();
    await etcd.stop();
  });

  it('keeps a TTL registration alive by refreshing it silently, and it expires once refreshing stops', async () => {
    const source = createEtcdV2Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
    const controller = new AbortController();
    const start = (await source.snapshot(['/services'], { signal })).revision;
    const tap = new WatchTap(source.watch(['/services'], start, { signal: controller.signal }));
    try {
      const put = await client.putV2('/services/web/10.0.0.1', '10.0.0.1:80', { ttl: 1 });
      expect(put.node).toMatchObject({ key: '/services/web/10.0.0.1', value: '10.0.0.1:80', ttl: 1 });
      // Refresh past the original TTL: the key must still be there, and refreshes are not watch events.
      for (let i = 0; i < 4; i++) {
        await sleep(400); // the TTL clock is what is under test
        await client.putV2('/services/web/10.0.0.1', '', { ttl: 1, refresh: true });
      }
      const alive = await client.getTree('/services/web/10.0.0.1');
      expect(alive.node?.value).toBe('10.0.0.1:80');
      await tap.until((t) => t.events.some((e) => e.type === 'delete'), 'expiry after refreshing stopped', 8_000);
      expect(tap.events).toEqual([
        { type: 'put', key: '/services/web/10.0.0.1', value: '10.0.0.1:80' },
        { type: 'delete', key: '/services/web/10.0.0.1' },
      ]);
    } finally {
      controller.abort();
      await tap.done;
      await source.close();
    }
  });

  it('deletes a key, and a directory only when asked recursively', async () => {
    await client.putV2('/d/a/x', '1');
    await client.putV2('/d/b', '2');
    await client.deleteV2('/d/b');
    await expect(client.deleteV2('/d/a')).rejects.toMatchObject({ errorCode: 102, key: '/d/a' });
    await client.deleteV2('/d/a', { recursive: true });
    expect((await client.getTree('/d')).node?.nodes ?? []).toEqual([]);
  });

  it('refuses to refresh a key that does not exist, naming it', async () => {
    await expect(client.putV2('/services/none', '', { ttl: 1, refresh: true })).rejects.toMatchObject({
      errorCode: 100,
      key: '/services/none',
    });
  });
});

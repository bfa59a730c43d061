import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdCluster } from './etcd.js';

describe('etcd harness', () => {
  let etcd: EtcdCluster;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd.stop();
  });

  it('starts a real etcd that stores and returns a key', async () => {
    await etcd.put('/smoke', 'hello');
    expect((await etcd.etcdctl(['get', '/smoke', '--print-value-only'])).trim()).toBe('hello');
    expect(await etcd.revision()).toBeGreaterThan(1n);
  });
});

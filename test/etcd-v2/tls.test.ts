import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEtcdV2Source } from '../../src/backends/etcd-v2/source.js';
import { EtcdV2Client } from '../../src/backends/etcd-v2/client.js';
import { makeTlsFixture, startEtcd, type EtcdCluster, type TlsFixture } from '../harness/etcd.js';
import { WatchTap } from './watch-tap.js';

describe('etcd v2 over TLS with a client certificate', () => {
  let tls: TlsFixture;
  let other: TlsFixture;
  let etcd: EtcdCluster;
  const signal = new AbortController().signal;
  const base = () => ({
    endpoints: etcd.endpoints,
    dialTimeoutMs: 1_000,
    requestTimeoutMs: 3_000,
    cert: tls.clientCert,
    key: tls.clientKey,
  });

  beforeAll(async () => {
    tls = await makeTlsFixture();
    other = await makeTlsFixture();
    etcd = await startEtcd({ scheme: 'https', extraArgs: tls.etcdArgs, etcdctlArgs: tls.etcdctlArgs });
  });
  afterAll(async () => {
    await etcd.stop();
    await tls.cleanup();
    await other.cleanup();
  });

  it('snapshots, watches and writes (putV2/deleteV2) verifying the server against the CA', async () => {
    const client = new EtcdV2Client({ ...base(), cacert: tls.ca });
    const source = createEtcdV2Source({ ...base(), cacert: tls.ca });
    const controller = new AbortController();
    try {
      await client.putV2('/tls/k', 'secret');
      const snap = await source.snapshot(['/tls'], { signal });
      expect(Object.fromEntries(snap.keys)).toEqual({ '/tls/k': 'secret' });
      const tap = new WatchTap(source.watch(['/tls'], snap.revision, { signal: controller.signal }));
      await client.putV2('/tls/k', 'rotated');
      await client.deleteV2('/tls/k');
      await tap.until((t) => t.events.length === 2, 'put and delete');
      expect(tap.events).toEqual([
        { type: 'put', key: '/tls/k', value: 'rotated' },
        { type: 'delete', key: '/tls/k' },
      ]);
      controller.abort();
      await tap.done;
    } finally {
      client.close();
      await source.close();
    }
  });

  it('refuses a server its CA did not sign unless insecureSkipTlsVerify is set', async () => {
    const wrongCa = createEtcdV2Source({ ...base(), cacert: other.ca });
    const skip = createEtcdV2Source({ ...base(), insecureSkipTlsVerify: true });
    try {
      await expect(wrongCa.snapshot(['/tls'], { signal })).rejects.toMatchObject({
        code: 'BACKEND_UNREACHABLE',
        message: expect.stringMatching(/certificate/),
      });
      expect((await skip.snapshot(['/tls'], { signal })).revision).toBeGreaterThan(0n);
    } finally {
      await wrongCa.close();
      await skip.close();
    }
  });
});

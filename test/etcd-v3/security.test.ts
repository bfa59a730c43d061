import { afterEach, describe, expect, it } from 'vitest';
import { createEtcdV3Source, type EtcdV3Source } from '../../src/backends/etcd-v3/source.js';
import { enableAuth, makeTlsFixture, startEtcd, type EtcdCluster, type TlsFixture } from '../harness/etcd.js';
import { changedKeys, recordWatch, retry, type WatchRecorder } from './watch-helpers.js';

const signal = (): AbortSignal => AbortSignal.timeout(10_000);

describe('etcd v3 over TLS and with auth', () => {
  let etcd: EtcdCluster | undefined;
  let tls: TlsFixture | undefined;
  let source: EtcdV3Source | undefined;
  let watch: WatchRecorder | undefined;

  afterEach(async () => {
    await watch?.stop();
    await source?.close();
    await etcd?.stop();
    await tls?.cleanup();
    watch = source = etcd = tls = undefined;
  });

  it('talks TLS with a client certificate and verifies the server against the CA', async () => {
    tls = await makeTlsFixture();
    etcd = await startEtcd({ scheme: 'https', extraArgs: tls.etcdArgs, etcdctlArgs: tls.etcdctlArgs });
    await etcd.put('/tls/k', 'secret');
    source = createEtcdV3Source({
      endpoints: etcd.endpoints,
      dialTimeoutMs: 1000,
      requestTimeoutMs: 5000,
      cacert: tls.ca,
      cert: tls.clientCert,
      key: tls.clientKey,
    });
    const snap = await source.snapshot(['/tls'], { signal: signal() });
    expect(snap.keys).toEqual(new Map([['/tls/k', 'secret']]));
    watch = recordWatch(source, ['/tls'], snap.revision);
    await etcd.put('/tls/k', 'rotated');
    await watch.until((items) => changedKeys(items).length === 1);
    expect(changedKeys(watch.items)).toEqual([['/tls/k', 'rotated']]);
  });

  it('refuses a server its CA did not sign unless insecureSkipTlsVerify is set', async () => {
    tls = await makeTlsFixture();
    const other = await makeTlsFixture();
    try {
      etcd = await startEtcd({ scheme: 'https', extraArgs: tls.etcdArgs, etcdctlArgs: tls.etcdctlArgs });
      const opts = { endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000, cert: tls.clientCert, key: tls.clientKey };
      source = createEtcdV3Source({ ...opts, cacert: other.ca });
      await expect(source.snapshot(['/tls'], { signal: signal() })).rejects.toMatchObject({
        code: 'BACKEND_UNREACHABLE',
        message: expect.stringMatching(/certificate/),
      });
      await source.close();
      source = createEtcdV3Source({ ...opts, insecureSkipTlsVerify: true });
      const snap = await source.snapshot(['/tls'], { signal: signal() });
      expect(snap.revision).toBeGreaterThan(0n);
    } finally {
      await other.cleanup();
    }
  });

  it('authenticates, and re-authenticates after the token expires, for reads and the watch', async () => {
    etcd = await startEtcd({ extraArgs: ['--auth-token', 'simple', '--auth-token-ttl', '1'] });
    const root = await enableAuth(etcd, 'pw');
    await etcd.etcdctl([...root, 'put', '/auth/k', 'v1']);
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000, user: 'root:pw' });
    const snap = await source.snapshot(['/auth'], { signal: signal() });
    expect(snap.keys).toEqual(new Map([['/auth/k', 'v1']]));
    watch = recordWatch(source, ['/auth'], snap.revision);
    await etcd.etcdctl([...root, 'put', '/auth/k', 'v2']);
    await watch.until((items) => changedKeys(items).length === 1);
    // Outlive the token (TTL 1 s, swept every second), then break the watch so it must reconnect with a fresh token.
    await new Promise((r) => setTimeout(r, 3_000));
    const [m0] = etcd.members;
    await m0?.stop();
    m0?.start();
    await retry(() => etcd!.etcdctl([...root, 'put', '/auth/k', 'v3']));
    await watch.until((items) => changedKeys(items).length === 2);
    expect(changedKeys(watch.items)).toEqual([
      ['/auth/k', 'v2'],
      ['/auth/k', 'v3'],
    ]);
    const again = await source.snapshot(['/auth'], { signal: signal() });
    expect(again.keys.get('/auth/k')).toBe('v3');
  });

  it('re-authenticates a unary read once its token has expired', async () => {
    etcd = await startEtcd({ extraArgs: ['--auth-token', 'simple', '--auth-token-ttl', '1'] });
    const root = await enableAuth(etcd, 'pw');
    await etcd.etcdctl([...root, 'put', '/auth/k', 'v1']);
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000, user: 'root:pw' });
    // Record every token the client sends: a second one proves it re-authenticated.
    const tokens = new Set<string | undefined>();
    const headers = source.client.headers.bind(source.client);
    source.client.headers = async (s) => {
      const h = await headers(s);
      tokens.add(h.authorization);
      return h;
    };
    expect((await source.snapshot(['/auth'], { signal: signal() })).keys.get('/auth/k')).toBe('v1');
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await source.snapshot(['/auth'], { signal: signal() })).keys.get('/auth/k')).toBe('v1');
    expect(tokens.size).toBe(2);
  });

  it('reports a wrong password as ETCD_AUTH_FAILED naming the user', async () => {
    etcd = await startEtcd();
    await enableAuth(etcd, 'pw');
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000, user: 'root:wrong' });
    await expect(source.snapshot(['/auth'], { signal: signal() })).rejects.toMatchObject({
      code: 'ETCD_AUTH_FAILED',
      message: expect.stringContaining('"root"'),
    });
  });

  it('says that this etcd requires authentication, and how to give it, when no --user is set', async () => {
    etcd = await startEtcd();
    await enableAuth(etcd, 'pw');
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000 });
    await expect(source.snapshot(['/auth'], { signal: signal() })).rejects.toMatchObject({
      code: 'ETCD_AUTH_REQUIRED',
      message: expect.stringMatching(
        /^etcd http:\/\/127\.0\.0\.1:\d+ requires authentication: give --user NAME:PASSWORD, or --user NAME with --password-file FILE$/,
      ),
    });
  });
});

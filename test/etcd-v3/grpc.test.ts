import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendEvent } from '../../src/backends/backend-event.js';
import { decodeRangeResponse, encodeRangeRequest } from '../../src/backends/etcd-v3/grpc-codec.js';
import { createEtcdV3Source, type EtcdV3Source } from '../../src/backends/etcd-v3/source.js';
import { enableAuth, makeTlsFixture, startEtcd, type EtcdCluster, type TlsFixture } from '../harness/etcd.js';

/** SIGSTOP takes effect asynchronously: wait until the member serving `url` is in state T (stopped). */
async function untilStopped(url: string): Promise<void> {
  const pid = readdirSync('/proc').find(
    (p) => /^\d+$/.test(p) && readProc(p, 'cmdline').split('\0').join(' ').includes(`--listen-client-urls ${url} `),
  );
  if (pid === undefined) throw new Error(`no etcd process listens on ${url}`);
  while (!/^\d+ \(etcd\) T/.test(readProc(pid, 'stat'))) await sleep(5);
}
function readProc(pid: string, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

const readRange = (source: EtcdV3Source, key: string, signal: AbortSignal) =>
  source.client.unary('/etcdserverpb.KV/Range', encodeRangeRequest({ key: Buffer.from(key) }, 0, undefined), { signal, key });

// A snapshot's first pages come in one gateway transaction; a range longer than a page goes on over gRPC.
describe('etcd v3 over gRPC', () => {
  let etcd: EtcdCluster | undefined;
  let source: EtcdV3Source | undefined;
  let tls: TlsFixture | undefined;

  afterEach(async () => {
    etcd?.members.forEach((m) => m.resume());
    await source?.close();
    await etcd?.stop();
    await tls?.cleanup();
    source = etcd = tls = undefined;
  });

  it('reads the first page of a snapshot through the gateway and the rest over gRPC, at one revision', async () => {
    etcd = await startEtcd();
    await etcd.put('/g/a', 'ünïcode ✓');
    await etcd.put('/g/b/c', '');
    await etcd.put('/g/d', 'x');
    await etcd.put('/gx', 'outside');
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000, pageSize: 1 });
    const calls: string[] = [];
    const [call, unary] = [source.client.call.bind(source.client), source.client.unary.bind(source.client)];
    source.client.call = (path, ...rest) => (calls.push(path), call(path, ...rest));
    source.client.unary = (path, ...rest) => (calls.push(path), unary(path, ...rest));
    const snap = await source.snapshot(['/g'], { signal: AbortSignal.timeout(10_000) });
    expect(snap.keys).toEqual(
      new Map([
        ['/g/a', 'ünïcode ✓'],
        ['/g/b/c', ''],
        ['/g/d', 'x'],
      ]),
    );
    expect(snap.revision).toBe(await etcd.revision());
    expect(calls).toEqual(['/v3/kv/txn', '/etcdserverpb.KV/Range', '/etcdserverpb.KV/Range']);
  });

  it('keeps a 3-key snapshot on the gateway, and takes at most 500 keys of a long range through it', async () => {
    etcd = await startEtcd();
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000 });
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    const put = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ request_put: { key: b64(`${prefix}/k${String(i).padStart(4, '0')}`), value: b64(`v${i}`) } }));
    const ops = [...put('/small', 3), ...put('/long', 1200)];
    for (let i = 0; i < ops.length; i += 125) await source.client.call('/v3/kv/txn', { success: ops.slice(i, i + 125) });
    const paths: string[] = [];
    const unary = source.client.unary.bind(source.client);
    source.client.unary = (path, ...rest) => (paths.push(path), unary(path, ...rest));
    expect((await source.snapshot(['/small'], { signal: AbortSignal.timeout(10_000) })).keys.size).toBe(3);
    expect(paths).toEqual([]);
    const snap = await source.snapshot(['/long'], { signal: AbortSignal.timeout(10_000) });
    expect(snap.keys.size).toBe(1200);
    expect(snap.keys.get('/long/k1199')).toBe('v1199');
    expect(paths).toEqual(['/etcdserverpb.KV/Range']);
  });

  it('speaks gRPC to a member whose JSON gateway is off', async () => {
    etcd = await startEtcd({ extraArgs: ['--enable-grpc-gateway=false'] });
    await etcd.put('/k', 'v');
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000 });
    const page = decodeRangeResponse(await readRange(source, '/k', AbortSignal.timeout(10_000)));
    expect(page.kvs).toEqual([{ key: '/k', value: 'v', valid: true }]);
    expect(page.revision).toBe(await etcd.revision());
  });

  it('gives up on a hung member after the request timeout, naming the endpoint and the key, not the value', async () => {
    etcd = await startEtcd();
    await etcd.put('/hung/k', 'secret-value');
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 500, requestTimeoutMs: 500 });
    await readRange(source, '/hung/k', AbortSignal.timeout(10_000));
    etcd.members[0]?.pause();
    await untilStopped(etcd.endpoints[0] ?? '');
    const error = await readRange(source, '/hung/k', AbortSignal.timeout(10_000)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BACKEND_UNREACHABLE', message: expect.stringContaining(etcd.endpoints[0] ?? '?') });
    expect((error as Error).message).toMatch(/KV\/Range, key \/hung\/k\).*no answer within 500 ms/);
    expect((error as Error).message).not.toContain('secret-value');
  });

  it('stops a call when its signal aborts', async () => {
    etcd = await startEtcd();
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 500, requestTimeoutMs: 60_000 });
    await readRange(source, '/x', AbortSignal.timeout(10_000));
    etcd.members[0]?.pause();
    await untilStopped(etcd.endpoints[0] ?? '');
    await expect(readRange(source, '/x', AbortSignal.timeout(300))).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('moves to the next endpoint when the first refuses connections', async () => {
    etcd = await startEtcd();
    await etcd.put('/f/k', 'v');
    const events: BackendEvent[] = [];
    const dead = 'http://127.0.0.1:9'; // discard port: nothing listens
    source = createEtcdV3Source({
      endpoints: [dead, ...etcd.endpoints],
      dialTimeoutMs: 500,
      requestTimeoutMs: 5000,
      onEvent: (e) => events.push(e),
    });
    const page = decodeRangeResponse(await readRange(source, '/f/k', AbortSignal.timeout(10_000)));
    expect(page.kvs.map((kv) => kv.key)).toEqual(['/f/k']);
    expect(events).toContainEqual(expect.objectContaining({ type: 'failover', endpoint: etcd.endpoints[0] }));
  });

  it('re-authenticates once when etcd rejects the token', async () => {
    etcd = await startEtcd();
    const root = await enableAuth(etcd, 'pw');
    await etcd.etcdctl([...root, 'put', '/auth/k', 'v1']);
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000, user: 'root:pw' });
    const headers = source.client.headers.bind(source.client);
    let first = true;
    // A revoked token on the first call: the client must authenticate again and retry.
    source.client.headers = async (s) => (first ? ((first = false), { authorization: 'revoked.token' }) : headers(s));
    const page = decodeRangeResponse(await readRange(source, '/auth/k', AbortSignal.timeout(10_000)));
    expect(page.kvs).toEqual([{ key: '/auth/k', value: 'v1', valid: true }]);
    expect(first).toBe(false);
  });

  it('talks TLS with a client certificate, verifying the server against the CA unless told not to', async () => {
    tls = await makeTlsFixture();
    const other = await makeTlsFixture();
    try {
      etcd = await startEtcd({ scheme: 'https', extraArgs: tls.etcdArgs, etcdctlArgs: tls.etcdctlArgs });
      await etcd.put('/tls/k', 'v');
      const opts = { endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000, cert: tls.clientCert, key: tls.clientKey };
      source = createEtcdV3Source({ ...opts, cacert: tls.ca });
      expect(decodeRangeResponse(await readRange(source, '/tls/k', AbortSignal.timeout(10_000))).kvs).toHaveLength(1);
      await source.close();
      source = createEtcdV3Source({ ...opts, cacert: other.ca });
      await expect(readRange(source, '/tls/k', AbortSignal.timeout(10_000))).rejects.toMatchObject({
        code: 'BACKEND_UNREACHABLE',
        message: expect.stringMatching(/certificate/),
      });
      await source.close();
      source = createEtcdV3Source({ ...opts, insecureSkipTlsVerify: true });
      expect(decodeRangeResponse(await readRange(source, '/tls/k', AbortSignal.timeout(10_000))).kvs).toHaveLength(1);
    } finally {
      await other.cleanup();
    }
  });
});

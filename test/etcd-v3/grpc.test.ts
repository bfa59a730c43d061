import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendEvent } from '../../src/backends/backend-event.js';
import { createEtcdV3Source, type EtcdV3Source } from '../../src/backends/etcd-v3/index.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';

/** SIGSTOP takes effect asynchronously: wait until the member serving `url` is in state T (stopped). */
async function untilStopped(url: string): Promise<void> {
  const pid = readdirSync('/proc').find((p) => /^\d+$/.test(p) && readProc(p, 'cmdline').split('\0').join(' ').includes(`--listen-client-urls ${url} `));
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

// The snapshot reads over gRPC (node:http2 to etcd's client URL); watch, lease and auth stay on the JSON gateway.
describe('etcd v3 snapshot over gRPC', () => {
  let etcd: EtcdCluster | undefined;
  let source: EtcdV3Source | undefined;

  afterEach(async () => {
    etcd?.members.forEach((m) => m.resume());
    await source?.close();
    await etcd?.stop();
    source = etcd = undefined;
  });

  it('reads the snapshot from a member whose JSON gateway is off', async () => {
    etcd = await startEtcd({ extraArgs: ['--enable-grpc-gateway=false'] });
    await etcd.put('/g/a', 'ünïcode ✓');
    await etcd.put('/g/b/c', '');
    await etcd.put('/gx', 'outside');
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000, pageSize: 1 });
    const snap = await source.snapshot(['/g'], { signal: AbortSignal.timeout(10_000) });
    expect(snap.keys).toEqual(new Map([['/g/a', 'ünïcode ✓'], ['/g/b/c', '']]));
    expect(snap.revision).toBe(await etcd.revision());
  });

  it('gives up on a hung member after the request timeout, naming the endpoint and the key, not the value', async () => {
    etcd = await startEtcd();
    await etcd.put('/hung/k', 'secret-value');
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 500, requestTimeoutMs: 500 });
    expect((await source.snapshot(['/hung'], { signal: AbortSignal.timeout(10_000) })).keys.size).toBe(1);
    etcd.members[0]?.pause();
    await untilStopped(etcd.endpoints[0] ?? '');
    const error = await source.snapshot(['/hung'], { signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BACKEND_UNREACHABLE', message: expect.stringContaining(etcd.endpoints[0] ?? '?') });
    expect((error as Error).message).toMatch(/\/hung.*no answer within 500 ms/);
    expect((error as Error).message).not.toContain('secret-value');
  });

  it('stops a call when its signal aborts', async () => {
    etcd = await startEtcd();
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 500, requestTimeoutMs: 60_000 });
    await source.snapshot(['/x'], { signal: AbortSignal.timeout(10_000) });
    etcd.members[0]?.pause();
    await untilStopped(etcd.endpoints[0] ?? '');
    await expect(source.snapshot(['/x'], { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('moves to the next endpoint when the first refuses connections', async () => {
    etcd = await startEtcd();
    await etcd.put('/f/k', 'v');
    const events: BackendEvent[] = [];
    const dead = 'http://127.0.0.1:9'; // discard port: nothing listens
    source = createEtcdV3Source({ endpoints: [dead, ...etcd.endpoints], dialTimeoutMs: 500, requestTimeoutMs: 5000, onEvent: (e) => events.push(e) });
    const snap = await source.snapshot(['/f'], { signal: AbortSignal.timeout(10_000) });
    expect(snap.keys).toEqual(new Map([['/f/k', 'v']]));
    expect(events).toContainEqual(expect.objectContaining({ type: 'failover', endpoint: etcd.endpoints[0] }));
  });
});

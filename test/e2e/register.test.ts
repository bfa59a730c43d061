// `confetti register` as a real process against a real etcd (v3 leases and v2 TTLs).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { waitFor } from '../support/wait-for.js';
import { spawnCli, stopAll } from './processes.js';

let etcd: EtcdCluster;
beforeAll(async () => {
  etcd = await startEtcd();
}, 30_000);
afterAll(async () => etcd?.stop());
afterEach(stopAll);

async function v3Get(key: string): Promise<string | undefined> {
  const out = await etcd.etcdctl(['get', key, '--print-value-only']);
  return out === '' ? undefined : out.replace(/\n$/, '');
}

/** The TTL the store granted the key, in seconds (v3: its lease's; v2: the node's). */
async function v3GrantedTtl(key: string): Promise<number> {
  // The lease ID is a 64-bit integer: read it from the text, JSON.parse would round it.
  const lease = BigInt(/"lease":(\d+)/.exec(await etcd.etcdctl(['get', key, '--write-out=json']))?.[1] ?? '0').toString(16);
  const ttl = JSON.parse(await etcd.etcdctl(['lease', 'timetolive', lease, '--write-out=json'])) as { 'granted-ttl'?: number };
  return ttl['granted-ttl'] ?? -1;
}

async function v2GrantedTtl(key: string): Promise<number> {
  const body = (await (await fetch(`${etcd.endpoints[0]}/v2/keys${key}`)).json()) as { node?: { ttl?: number } };
  return body.node?.ttl ?? -1;
}

async function v2Get(key: string): Promise<string | undefined> {
  const res = await fetch(`${etcd.endpoints[0]}/v2/keys${key}`);
  if (res.status === 404) return undefined;
  const body = (await res.json()) as { node?: { value?: string } };
  return body.node?.value;
}

async function v3Delete(key: string): Promise<void> {
  await etcd.etcdctl(['del', key]);
}

async function v2Delete(key: string): Promise<void> {
  const res = await fetch(`${etcd.endpoints[0]}/v2/keys${key}`, { method: 'DELETE' });
  expect(res.status).toBe(200);
}

describe.each([
  { backend: 'etcd', read: v3Get, remove: v3Delete, grantedTtl: v3GrantedTtl },
  { backend: 'etcdv2', read: v2Get, remove: v2Delete, grantedTtl: v2GrantedTtl },
])('confetti register ($backend)', ({ backend, read, remove, grantedTtl }) => {
  const args = (key: string, value: string, ...more: string[]): string[] => [
    'register',
    key,
    value,
    '--backend',
    backend,
    '--endpoints',
    etcd.endpoints.join(','),
    '--ttl',
    '1s',
    ...more,
  ];

  it('keeps the key beyond its TTL while running and deletes it on SIGTERM', async () => {
    const key = `/services/web/instances/${backend}-a`;
    const proc = spawnCli(args(key, '127.0.0.1:9001'));
    await waitFor(async () => (await read(key)) === '127.0.0.1:9001', 'the registration', 5_000);
    // Three TTLs later it is still there: keep-alives work.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await read(key)).toBe('127.0.0.1:9001');
    await proc.stop('SIGTERM');
    expect((await proc.exited).code).toBe(0);
    expect(await read(key)).toBeUndefined();
  }, 15_000);

  it('lets the key expire within its TTL when the process is SIGKILLed', async () => {
    const key = `/services/web/instances/${backend}-b`;
    const proc = spawnCli(args(key, '127.0.0.1:9002'));
    await waitFor(async () => (await read(key)) !== undefined, 'the registration', 5_000);
    // The store holds the key for --ttl 1s (checked in the store, not with a stopwatch under load)...
    expect(await grantedTtl(key)).toBe(1);
    await proc.stop('SIGKILL');
    // ...and with no one keeping it alive it goes by itself; the deadline is generous, the event is what counts.
    await waitFor(async () => (await read(key)) === undefined, 'the key to expire', 15_000, 50);
  }, 30_000);

  it('writes the key again, and logs it, when someone deletes it while it runs', async () => {
    const key = `/services/web/instances/${backend}-d`;
    // A 60 s TTL: the next keep-alive is 20 s away, so only the watch on the key can bring it back in time.
    const proc = spawnCli(args(key, '127.0.0.1:9004', '--ttl', '60s'));
    await waitFor(async () => (await read(key)) === '127.0.0.1:9004', 'the registration', 5_000);
    for (let round = 1; round <= 2; round++) {
      await remove(key);
      await waitFor(async () => (await read(key)) === '127.0.0.1:9004', `the key written again (deletion ${round})`, 10_000);
      await waitFor(
        () => proc.output().match(/deleted by someone else; wrote it again/g)?.length === round,
        `the log line (deletion ${round})`,
        5_000,
      );
    }
    await proc.stop('SIGTERM');
    expect(await read(key)).toBeUndefined();
  }, 30_000);

  it('keeps the key only while --check-cmd passes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'confetti-reg-'));
    try {
      const healthy = join(dir, 'healthy');
      const key = `/services/web/instances/${backend}-c`;
      spawnCli(args(key, '127.0.0.1:9003', '--check-cmd', `test -f ${healthy}`, '--check-interval', '100ms'));
      await new Promise((r) => setTimeout(r, 500));
      expect(await read(key)).toBeUndefined();
      await writeFile(healthy, '');
      await waitFor(async () => (await read(key)) !== undefined, 'registration once healthy', 5_000);
      await rm(healthy);
      await waitFor(async () => (await read(key)) === undefined, 'removal once unhealthy', 5_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 15_000);
});

it('refuses a backend that cannot expire keys', async () => {
  const proc = spawnCli(['register', '/x', 'y', '--backend', 'file']);
  const { code } = await proc.exited;
  expect(code).not.toBe(0);
  expect(proc.output()).toMatch(/choices|etcd/);
});

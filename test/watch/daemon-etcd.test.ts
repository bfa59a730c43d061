// The watch daemon against a real etcd: every destination equals render(current keys), no write while etcd is down.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEtcdV2Source } from '../../src/backends/etcd-v2/source.js';
import { createEtcdV3Source } from '../../src/backends/etcd-v3/source.js';
import type { BackendEvent } from '../../src/backends/backend-event.js';
import type { KeySource } from '../../src/backends/key-source.js';
import type { Resource } from '../../src/config/resource.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import type { CycleQueue } from '../support/cycle-queue.js';
import { startTestDaemon, testResource } from '../support/daemon.js';
import { useTempDirs } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

const tempDir = useTempDirs();
const LIST = '{{#each (gets "/svc/*")}}{{base key}} {{value}}\n{{/each}}';

const resource = (dir: string, extra: Partial<Resource> = {}): Resource => testResource(dir, 'svc', ['/svc'], extra);

describe.each(['etcd', 'etcdv2'] as const)('watch daemon on %s', (backend) => {
  let etcd: EtcdCluster;
  const stops: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  const v2 = async (method: 'PUT' | 'DELETE', key: string, value?: string) => {
    const url = `${etcd.endpoints[0]}/v2/keys${key}`;
    const res = await fetch(url, { method, ...(value === undefined ? {} : { body: new URLSearchParams({ value }) }) });
    if (!res.ok && res.status !== 404) throw new Error(`${method} ${key}: ${res.status}`);
  };
  // Writes go through the HTTP APIs (one keep-alive connection), not one etcdctl process per put: 200 puts stay fast on a busy machine.
  const v3 = async (path: string, body: Record<string, string>) => {
    const res = await fetch(`${etcd.endpoints[0]}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
  };
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const put = (k: string, v: string) => (backend === 'etcd' ? v3('/v3/kv/put', { key: b64(k), value: b64(v) }) : v2('PUT', k, v));
  const del = (k: string) => (backend === 'etcd' ? v3('/v3/kv/deleterange', { key: b64(k) }) : v2('DELETE', k));
  const source = (onEvent?: (e: BackendEvent) => void): KeySource => {
    const opts = { endpoints: etcd.endpoints, dialTimeoutMs: 1_000, requestTimeoutMs: 3_000, onEvent };
    return backend === 'etcd' ? createEtcdV3Source(opts) : createEtcdV2Source(opts);
  };

  function start(r: Resource, onEvent?: (e: BackendEvent) => void) {
    const src = source(onEvent);
    const d = startTestDaemon([r], src);
    stops.push(async () => {
      await d.stop();
      await src.close();
    });
    return d.cycles;
  }

  /** Wait until the file has the wanted content, driven by the daemon's cycles. */
  async function until(cycles: CycleQueue, dest: string, want: string): Promise<void> {
    const read = () => readFile(dest, 'utf8').catch(() => '');
    // A cycle that ends while the file is being read is not waited for again (it may be the last one).
    for (let i = 0; i < 50; i++) {
      const seen = cycles.all.length;
      if ((await read()) === want) return;
      if (cycles.all.length === seen) await cycles.next(() => true, 15_000);
    }
    expect(await read()).toBe(want);
  }

  it('follows puts, deletes and sibling prefixes exactly', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'svc.hbs'), LIST);
    const r = resource(dir);
    await put('/svc/a', '1');
    await put('/svcx/z', 'sibling');
    const cycles = start(r);
    await until(cycles, r.dest, 'a 1\n');
    await put('/svc/b', '2');
    await until(cycles, r.dest, 'a 1\nb 2\n');
    await del('/svc/a');
    await put('/svcx/y', 'sibling');
    await until(cycles, r.dest, 'b 2\n');
    await del('/svc/b');
  });

  it('keeps the file while etcd is down and catches up on restart with the writes it missed', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'svc.hbs'), LIST);
    const r = resource(dir);
    await put('/svc/k', 'before');
    const events: BackendEvent[] = [];
    const cycles = start(r, (e) => events.push(e));
    await until(cycles, r.dest, 'k before\n');
    const before = await stat(r.dest);
    const member = etcd.members[0];
    if (!member) throw new Error('no member');
    await member.stop();
    // Time passes with etcd down: the watch fails to reconnect three times before the file is looked at.
    const from = events.length;
    await waitFor(
      () => events.slice(from).filter((e) => e.type === 'retry').length >= 3,
      'three reconnect attempts while etcd is down',
      30_000,
    );
    expect(cycles.all.filter((c) => c.results.some((x) => x.outcome === 'written')).length).toBe(1);
    expect((await stat(r.dest)).mtimeMs).toBe(before.mtimeMs);
    member.start();
    await etcd.waitHealthy(member);
    await put('/svc/k', 'after');
    await put('/svc/k2', 'new');
    await until(cycles, r.dest, 'k after\nk2 new\n');
    await del('/svc/k');
    await del('/svc/k2');
  });

  it('coalesces 200 puts inside the wait window into one render and one reload', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'svc.hbs'), LIST);
    const reloads = join(dir, 'reloads');
    const r = resource(dir, { wait: { minMs: 1_500, maxMs: 20_000 }, reloadCmd: `echo reload >> ${reloads}` });
    await put('/svc/n', '0');
    const cycles = start(r);
    await until(cycles, r.dest, 'n 0\n');
    const burst = cycles.next();
    for (let i = 1; i <= 200; i++) await put('/svc/n', String(i));
    await burst;
    expect(await readFile(r.dest, 'utf8')).toBe('n 200\n');
    expect(cycles.all).toHaveLength(2);
    expect((await readFile(reloads, 'utf8')).trim().split('\n')).toHaveLength(2);
    await del('/svc/n');
  });
});

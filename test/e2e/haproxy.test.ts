// The whole loop with real processes: three HTTP backends register themselves with `confetti register`, `confetti
// watch` renders the shipped haproxy template, HAProxy (master-worker) reloads, traffic follows, nothing fails.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { useTempDirs } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { makeScene, streamRequests, TTL_MS, waitUntilGone, type Scene } from './haproxy-scene.js';
import { get, spawnCli, spawnProc, startBackend, stopAll, type Proc } from './processes.js';

let etcd: EtcdCluster;
const tempDir = useTempDirs('confetti-e2e-');
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  etcd = await startEtcd();
}, 30_000);
afterAll(async () => etcd?.stop());
afterEach(async () => {
  // Every cleanup runs even if one fails: a leaked HAProxy would hold its port for the next test.
  const failures: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => failures.push(error));
  await stopAll();
  if (failures.length > 0) throw failures[0];
  await etcd.del('/services', { prefix: true });
});

function watchArgs(scene: Scene, ...more: string[]): string[] {
  return ['watch', '--confdir', scene.confdir, '--backend', 'etcd', '--endpoints', etcd.endpoints.join(','), ...more];
}

async function setUp(resourceExtra: string): Promise<Scene> {
  const scene = await makeScene(etcd, await tempDir(), resourceExtra);
  cleanups.push(async () => {
    for (const b of scene.backends.values()) await b.close();
  });
  for (const name of ['web-1', 'web-2', 'web-3']) await scene.addInstance(name);
  return scene;
}

// All three answer; one registration dies without deregistering and its server leaves within the TTL; a fourth
// joins; a steady stream of requests across those reloads sees no failure.
async function followRegistrations(scene: Scene): Promise<{ requests: number }> {
  await waitFor(async () => (await scene.sample(9)).size === 3, 'all three backends answering', 15_000, 50);
  const stream = streamRequests(scene.port, { concurrency: 4, maxRequests: 20_000, maxMs: 30_000 });
  await scene.registrations.get('web-1')?.stop('SIGKILL');
  // Its key expires with its lease (TTL_MS), the file drops it, HAProxy stops sending to it: the event is what is
  // under test, with a deadline generous enough for a loaded machine (the register tests pin the granted TTL).
  await waitUntilGone(scene, 'web-1', TTL_MS + 30_000);
  expect(await etcd.etcdctl(['get', '/services/web/instances/web-1', '--print-value-only'])).toBe('');
  await scene.addInstance('web-4');
  await waitFor(async () => (await scene.sample(8)).has('web-4'), 'web-4 answering', 10_000, 0);
  const { ok, failed } = await stream.stop();
  expect(failed).toEqual([]);
  expect(ok).toBeGreaterThan(100);
  expect(await scene.sample(12)).toEqual(new Set(['web-2', 'web-3', 'web-4']));
  return { requests: ok };
}

describe('exec mode: confetti watch supervises haproxy -W -db', () => {
  it('follows registrations with zero failed requests, keeps the old config on a broken render, exits with HAProxy', async () => {
    const scene = await setUp('');
    // --kill-timeout below the test's own 5 s SIGKILL of confetti, so confetti always gets to reap HAProxy.
    const watch = spawnCli(
      watchArgs(scene, '--exec', `haproxy -W -db -f ${scene.dest}`, '--reload-signal', 'SIGUSR2', '--kill-timeout', '2s'),
    );
    cleanups.push(async () => killChildGroups(watch));
    await followRegistrations(scene);
    expect(watch.output()).toMatch(/reloading child/);

    // A render HAProxy rejects (a frontend on port 99999; the template skips such an instance itself) never reaches
    // the file; HAProxy keeps serving the last good config.
    const before = await readFile(scene.dest, 'utf8');
    await etcd.put('/services/broken/port', '99999');
    await waitFor(() => /CHECK_FAILED|check_cmd/.test(watch.output()), 'check_cmd to reject the render', 10_000, 20);
    expect(await readFile(scene.dest, 'utf8')).toBe(before);
    expect(await scene.sample(9)).toEqual(new Set(['web-2', 'web-3', 'web-4']));
    await etcd.del('/services/broken/port');

    await watch.stop('SIGTERM');
    const exit = await watch.exited;
    expect(exit.code).toBe(0);
    await expect(get(scene.port, 500)).rejects.toThrow();
  }, 60_000);

  it('exits non-zero when the child dies unexpectedly', async () => {
    const scene = await setUp('');
    const watch = spawnCli(watchArgs(scene, '--exec', 'sh -c "sleep 0.3; exit 3"'));
    const exit = await watch.exited;
    expect(exit.code).toBe(3);
    expect(watch.output()).toMatch(/child died unexpectedly/);
  }, 30_000);

  it('restarts a child that died with --exec-restart', async () => {
    const scene = await setUp('');
    const watch = spawnCli(watchArgs(scene, '--exec', 'sh -c "sleep 0.2; exit 3"', '--exec-restart'));
    await waitFor(() => (watch.output().match(/child started/g) ?? []).length >= 2, 'a second start', 10_000, 20);
    await watch.stop('SIGTERM');
    expect((await watch.exited).code).not.toBeNull();
  }, 30_000);
});

describe('the shipped template through HAProxy', () => {
  it('splits traffic evenly between a plain and a JSON instance without weights, and none to weight 0', async () => {
    const scene = await makeScene(etcd, await tempDir(), '');
    const values: Record<string, (port: number) => string> = {
      plain: (port) => `127.0.0.1:${port}`,
      json: (port) => JSON.stringify({ host: '127.0.0.1', port }),
      drain: (port) => JSON.stringify({ host: '127.0.0.1', port, weight: 0 }),
    };
    for (const [name, value] of Object.entries(values)) {
      const backend = await startBackend(name);
      cleanups.push(() => backend.close());
      await etcd.put(`/services/web/instances/${name}`, value(backend.port));
    }
    const watch = spawnCli(
      watchArgs(scene, '--exec', `haproxy -W -db -f ${scene.dest}`, '--reload-signal', 'SIGUSR2', '--kill-timeout', '2s'),
    );
    cleanups.push(async () => killChildGroups(watch));
    await waitFor(async () => (await scene.sample(6)).size === 2, 'plain and json answering', 15_000, 50);
    const counts = new Map<string, number>();
    for (let i = 0; i < 102; i++) {
      const { body } = await get(scene.port);
      counts.set(body, (counts.get(body) ?? 0) + 1);
    }
    // Round robin over two equal weights alternates: 51 each (2 and 100 when the plain one got HAProxy's default 1).
    expect(counts.get('drain') ?? 0).toBe(0);
    expect(Math.abs((counts.get('plain') ?? 0) - (counts.get('json') ?? 0))).toBeLessThanOrEqual(2);
    expect((counts.get('plain') ?? 0) + (counts.get('json') ?? 0)).toBe(102);
  }, 60_000);
});

describe('reload_cmd: a separately started HAProxy in master-worker mode', () => {
  it('follows registrations with zero failed requests through kill -USR2 of the master', async () => {
    const dir = await tempDir();
    const pidfile = join(dir, 'haproxy.pid');
    // The first render runs before HAProxy exists: a reload then has nothing to do.
    const scene = await setUp(`reload_cmd: '[ ! -f ${pidfile} ] || kill -USR2 "$(cat ${pidfile})"'`);
    const watch: Proc = spawnCli(watchArgs(scene));
    await waitFor(() => existsSync(scene.dest), 'the first render', 10_000, 20);
    const started = spawnProc('/usr/sbin/haproxy', ['-W', '-D', '-p', pidfile, '-f', scene.dest]);
    expect((await started.exited).code).toBe(0);
    // The daemonizing parent can exit before the master has written its PID: read it once it is there. An empty
    // file read as PID 0 made `process.kill(0)` signal this test's own process group (the whole test run).
    let master = 0;
    await waitFor(
      async () => (master = Number((await readFile(pidfile, 'utf8').catch(() => '')).trim())) > 1,
      'HAProxy to write its pidfile',
      10_000,
      20,
    );
    expect(Number.isInteger(master) && master > 1).toBe(true);
    cleanups.push(async () => {
      try {
        process.kill(master, 'SIGTERM');
      } catch {
        // already gone
      }
      await waitFor(() => !alive(master), 'HAProxy master to exit', 10_000, 20);
    });
    await followRegistrations(scene);
    expect(watch.output()).toMatch(/kind=reload.*outcome=ok|reload command ran/);
  }, 60_000);
});

// A zombie counts as gone: the test container's PID 1 does not reap a daemonized HAProxy's master.
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

// If confetti itself had to be SIGKILLed, the children it started (own process groups) are ended here, by PID.
async function killChildGroups(watch: Proc): Promise<void> {
  await watch.stop('SIGTERM');
  for (const match of watch.output().matchAll(/child started.*?pid[=":]+(\d+)/g)) {
    const pid = Number(match[1]);
    if (!alive(pid)) continue;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

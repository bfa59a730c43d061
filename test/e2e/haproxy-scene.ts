// The service-discovery loop with real processes: backends, `confetti register`, etcd, `confetti watch`, HAProxy.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EtcdCluster } from '../harness/etcd.js';
import { freePort } from '../harness/ports.js';
import { waitFor } from '../support/wait-for.js';
import { get, spawnCli, startBackend, type Proc } from './processes.js';

export const TEMPLATE = resolve(import.meta.dirname, '../../templates/haproxy.cfg.hbs');
export const TTL_MS = 2_000;

export interface Scene {
  port: number;
  dest: string;
  confdir: string;
  backends: Map<string, Awaited<ReturnType<typeof startBackend>>>;
  registrations: Map<string, Proc>;
  addInstance(name: string): Promise<void>;
  /** Names answering over `n` requests through HAProxy. */
  sample(n: number): Promise<Set<string>>;
}

/** A temp confdir rendering the shipped template into `dir/haproxy.cfg`, frontend on 127.0.0.1:<free port>. */
export async function makeScene(etcd: EtcdCluster, dir: string, resourceExtra: string): Promise<Scene> {
  const confdir = join(dir, 'confetti');
  const dest = join(dir, 'haproxy', 'haproxy.cfg');
  await mkdir(join(confdir, 'conf.d'), { recursive: true });
  await mkdir(join(confdir, 'templates'), { recursive: true });
  await copyFile(TEMPLATE, join(confdir, 'templates', 'haproxy.cfg.hbs'));
  await writeFile(
    join(confdir, 'conf.d', 'haproxy.yaml'),
    [
      'src: haproxy.cfg.hbs',
      `dest: ${dest}`,
      'keys: [/services]',
      'create_dirs: true',
      'check_cmd: haproxy -c -q -f {{src}}',
      'wait: { min: 100ms, max: 500ms }',
      resourceExtra,
    ].join('\n') + '\n',
  );
  const port = await freePort();
  await etcd.put('/services/web/port', String(port));
  await etcd.put('/services/web/bind', '127.0.0.1');
  const backends = new Map<string, Awaited<ReturnType<typeof startBackend>>>();
  const registrations = new Map<string, Proc>();
  const scene: Scene = {
    port,
    dest,
    confdir,
    backends,
    registrations,
    async addInstance(name) {
      const backend = await startBackend(name);
      backends.set(name, backend);
      const key = `/services/web/instances/${name}`;
      registrations.set(
        name,
        spawnCli([
          'register',
          key,
          `127.0.0.1:${backend.port}`,
          '--ttl',
          `${TTL_MS}ms`,
          '--backend',
          'etcd',
          '--endpoints',
          etcd.endpoints.join(','),
        ]),
      );
      await waitFor(async () => (await etcd.etcdctl(['get', key, '--print-value-only'])).trim() !== '', `registration of ${name}`, 5_000);
    },
    async sample(n) {
      const seen = new Set<string>();
      for (let i = 0; i < n; i++) seen.add((await get(port)).body);
      return seen;
    },
  };
  return scene;
}

export interface Stream {
  stop(): Promise<{ ok: number; failed: string[] }>;
}

/** `concurrency` loops of sequential requests until stopped; bounded by `maxRequests` and `maxMs`. */
export function streamRequests(port: number, opts: { concurrency: number; maxRequests: number; maxMs: number }): Stream {
  let stopped = false;
  let sent = 0;
  let ok = 0;
  const failed: string[] = [];
  const deadline = Date.now() + opts.maxMs;
  const loop = async (): Promise<void> => {
    while (!stopped && sent < opts.maxRequests && Date.now() < deadline) {
      sent++;
      try {
        const res = await get(port);
        if (res.status === 200) ok++;
        else failed.push(`HTTP ${res.status}: ${res.body.slice(0, 100)}`);
      } catch (error) {
        failed.push(String(error));
      }
    }
  };
  const loops = Array.from({ length: opts.concurrency }, loop);
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return { ok, failed };
    },
  };
}

/**
 * Wait until the rendered file lost `name` and then 30 requests in a row avoided it; resolves to when that streak
 * began. (Requests alone could pass by luck: other streams interleave with round robin.)
 */
export async function waitUntilGone(scene: Scene, name: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  await waitFor(
    async () => !(await readFile(scene.dest, 'utf8')).includes(`server ${name} `),
    `${name} to leave ${scene.dest}`,
    timeoutMs,
    10,
  );
  let streakStart = Date.now();
  let streak = 0;
  await waitFor(
    async () => {
      const { body } = await get(scene.port);
      if (body === name) {
        streak = 0;
        return false;
      }
      if (streak === 0) streakStart = Date.now();
      streak++;
      return streak >= 30;
    },
    `${name} to leave the rotation`,
    Math.max(0, deadline - Date.now()),
    0,
  );
  return streakStart;
}

// npm run test:image: deploy/docker/Dockerfile built with buildah on a local Debian base (scripts/base-image.sh) and
// run with podman against an etcd on the host: the one-shot entrypoint, exec mode, and deploy/kubernetes/sidecar.yaml
// through `podman kube play`, each serving a backend registered in etcd.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { freePort } from '../harness/ports.js';
import { get, startBackend } from '../e2e/processes.js';
import { waitFor } from '../support/wait-for.js';
import { logs, mustRun, podman, removeContainer, run, RUN_FLAGS, runDetached } from './podman.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BASE = 'localhost/confetti-base:bookworm';
const IMAGE = 'localhost/confetti-haproxy:latest'; // the name deploy/kubernetes/sidecar.yaml uses
const SIDECAR = join(ROOT, 'deploy/kubernetes/sidecar.yaml');

let etcd: EtcdCluster;
let work: string;
const containers: string[] = [];
const backends: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  await mustRun(join(ROOT, 'scripts/base-image.sh'), [BASE], 600_000);
  await mustRun(
    'buildah',
    ['bud', '--isolation', 'chroot', '--build-arg', `BASE=${BASE}`, '-f', 'deploy/docker/Dockerfile', '-t', IMAGE, ROOT],
    600_000,
  );
  etcd = await startEtcd();
  work = mkdtempSync(join(tmpdir(), 'confetti-image-'));
}, 900_000);
afterAll(async () => {
  await etcd?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});
afterEach(async () => {
  for (const id of containers.splice(0)) await removeContainer(id);
  for (const b of backends.splice(0)) await b.close();
  await etcd.del('/services', { prefix: true });
});

async function backend(name: string): Promise<number> {
  const b = await startBackend(name);
  backends.push(b);
  return b.port;
}

async function start(args: string[], env: Record<string, string> = {}): Promise<string> {
  const id = await runDetached(IMAGE, args, { CONFETTI_ENDPOINTS: etcd.endpoints.join(','), ...env });
  containers.push(id);
  return id;
}

/** Waits until HAProxy on `port` answers with `body`, naming the container's log on failure. */
async function served(port: number, body: string, id: string): Promise<void> {
  try {
    await waitFor(async () => (await get(port)).body === body, `${body} served on :${port}`, 30_000, 100);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await logs(id)}`, { cause: error });
  }
}

describe('the container image', () => {
  it('has confetti as one executable and no Node', async () => {
    const version = await podman(['run', '--rm', ...RUN_FLAGS, IMAGE, 'confetti', '--version']);
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+ \(node v24\.\d+\.\d+\)$/);
    const node = await run('podman', ['--runtime', 'runc', 'run', '--rm', ...RUN_FLAGS, IMAGE, 'sh', '-c', 'command -v node']);
    expect(node.code).not.toBe(0);
    const size = Number((await podman(['image', 'inspect', '--format', '{{.Size}}', IMAGE])).trim());
    console.log(`image ${IMAGE}: ${(size / 1e6).toFixed(0)} MB`);
  });

  it('one-shot (the default command): renders once, then HAProxy serves the registered backend', async () => {
    const port = await freePort();
    const b = await backend('web-oneshot');
    await etcd.put('/services/web/port', String(port));
    await etcd.put('/services/web/instances/a', `127.0.0.1:${b}`);
    const id = await start([]);
    await served(port, 'web-oneshot', id);
  });

  it('exec mode: a key added → HAProxy reloaded → traffic reaches the new backend', async () => {
    const port = await freePort();
    const a = await backend('exec-a');
    const b = await backend('exec-b');
    await etcd.put('/services/web/port', String(port));
    await etcd.put('/services/web/instances/a', `127.0.0.1:${a}`);
    const id = await start(['watch']);
    await served(port, 'exec-a', id);
    await etcd.del('/services/web/instances/a');
    await etcd.put('/services/web/instances/b', `127.0.0.1:${b}`);
    await served(port, 'exec-b', id);
  });

  it('sidecar.yaml through podman kube play: registration → HAProxy serving it → deregistration', async () => {
    const port = await freePort();
    const web = await backend('sidecar-web');
    await etcd.put('/services/web/port', String(port));
    const configmap = join(work, 'configmap.yaml');
    writeFileSync(
      configmap,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: confetti\ndata:\n  endpoints: ${etcd.endpoints.join(',')}\n`,
    );
    await podman(['kube', 'play', '--configmap', configmap, SIDECAR]);
    try {
      await waitFor(async () => (await fetch('http://127.0.0.1:9180/readyz')).status === 200, 'the sidecar ready', 30_000, 100);
      expect((await get(port)).status).toBe(503); // no instance yet
      // The instance announces itself with confetti register from the same image, and leaves on SIGTERM.
      const reg = await start(['confetti', 'register', '/services/web/instances/web-1', `127.0.0.1:${web}`, '--ttl', '10s']);
      await served(port, 'sidecar-web', reg);
      await podman(['stop', '-t', '10', reg]);
      expect(await etcd.etcdctl(['get', '/services/web/instances/web-1', '--print-value-only'])).toBe('');
      await waitFor(async () => (await get(port)).status === 503, 'the deregistered backend gone from HAProxy', 30_000, 100);
    } finally {
      await run('podman', ['--runtime', 'runc', 'kube', 'play', '--down', SIDECAR]);
    }
  });
});

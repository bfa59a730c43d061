// podman/buildah for the image tests: runc (crun fails on this kernel's cgroups), host networking only (containers
// reach the test's etcd and backends on 127.0.0.1; the bridge network is off limits), and ulimits podman accepts
// (podman's defaults exceed this host's hard limit; HAProxy needs more than 8,000 descriptors for its maxconn).
// Every container or pod started here is removed by its id or name.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RUN_FLAGS = ['--network', 'host', '--ulimit', 'nofile=16384:16384', '--ulimit', 'nproc=1024:1024'];

// `podman kube play` takes its runtime and ulimits from containers.conf, not from flags.
const confDir = mkdtempSync(join(tmpdir(), 'confetti-podman-'));
const CONTAINERS_CONF = join(confDir, 'containers.conf');
writeFileSync(CONTAINERS_CONF, '[containers]\ndefault_ulimits = ["nofile=16384:16384", "nproc=1024:1024"]\n\n[engine]\nruntime = "runc"\n');

export interface CmdResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: string[], timeoutMs = 300_000): Promise<CmdResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: { ...process.env, CONTAINERS_CONF }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Runs and throws with the command and its output when it fails. */
export async function mustRun(file: string, args: string[], timeoutMs?: number): Promise<string> {
  const r = await run(file, args, timeoutMs);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.code}\n${r.stderr.slice(-4000)}`);
  return r.stdout;
}

export function podman(args: string[]): Promise<string> {
  return mustRun('podman', ['--runtime', 'runc', ...args]);
}

/** `podman run -d` on the host network; returns the container id. */
export async function runDetached(image: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const envFlags = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  return (await podman(['run', '-d', ...RUN_FLAGS, ...envFlags, image, ...args])).trim();
}

export async function removeContainer(id: string): Promise<void> {
  await run('podman', ['--runtime', 'runc', 'rm', '-f', '-t', '5', id]);
}

export async function logs(id: string): Promise<string> {
  const r = await run('podman', ['logs', id]);
  return (r.stdout + r.stderr).slice(-4000);
}

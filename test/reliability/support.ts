// Shared pieces of the reliability suites: the built CLI as a child we can kill by PID, the etcd v3 gateway, file scans.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { CLI } from '../cli/run-cli.js';

export interface CliChild {
  child: ChildProcess;
  pid: number;
  /** Everything the child wrote to stderr and stdout so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (SIGKILL after `graceMs`) and wait for the exit. */
  stop(graceMs?: number): Promise<void>;
}

/** Start `node dist/confetti.js …args` with a clean environment (PATH, HOME and `env`). */
export function spawnCli(args: string[], env: Record<string, string> = {}): CliChild {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  if (child.pid === undefined) throw new Error('confetti did not start');
  return {
    child,
    pid: child.pid,
    output: () => out,
    exited,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** Stage files (ours: `.<base>.confetti-<pid>-<hex>`, also of `<base>.bak`) in `dir`. */
export async function stageFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /\.confetti-\d+-[0-9a-f]+$/.test(n));
}

export async function readOr(path: string, fallback: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => fallback);
}

/** Lines of a log file written by a fixture script (missing file = none). */
export async function logLines(path: string): Promise<string[]> {
  return (await readOr(path, '')).split('\n').filter((l) => l !== '');
}

const b64 = (s: string | Buffer): string => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('base64');

export type TxnOp = { put: string; value: string | Buffer } | { del: string };

/** The etcd v3 JSON gateway, tried on each endpoint in turn (members may be down or paused). */
export class Gateway {
  constructor(
    private readonly endpoints: () => string[],
    private readonly timeoutMs = 1_500,
  ) {}

  async call(path: string, body: unknown): Promise<unknown> {
    let last: unknown;
    const eps = this.endpoints();
    const start = Math.floor(Math.random() * eps.length);
    for (let i = 0; i < eps.length; i++) {
      const ep = eps[(start + i) % eps.length] as string;
      try {
        const res = await fetch(`${ep}${path}`, {
          method: 'POST',
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        const json = (await res.json()) as { error?: string; message?: string };
        if (!res.ok || json.error !== undefined) throw new Error(`${path}: ${res.status} ${json.message ?? json.error ?? ''}`);
        return json;
      } catch (error) {
        last = error;
      }
    }
    throw new Error(`gateway ${path} failed on every endpoint`, { cause: last });
  }

  put(key: string, value: string | Buffer): Promise<unknown> {
    return this.call('/v3/kv/put', { key: b64(key), value: b64(value) });
  }

  del(key: string): Promise<unknown> {
    return this.call('/v3/kv/deleterange', { key: b64(key) });
  }

  /** One multi-key transaction: all ops at one revision. */
  txn(ops: TxnOp[]): Promise<unknown> {
    const success = ops.map((op) =>
      'put' in op ? { request_put: { key: b64(op.put), value: b64(op.value) } } : { request_delete_range: { key: b64(op.del) } },
    );
    return this.call('/v3/kv/txn', { compare: [], success });
  }
}

/** `etcdctl get --prefix -w json` output → sorted [key, value] pairs (raw bytes decoded as UTF-8). */
export function parseEtcdctlGet(json: string): Array<[string, string]> {
  const parsed = JSON.parse(json) as { kvs?: Array<{ key: string; value?: string }> };
  const pairs = (parsed.kvs ?? []).map((kv): [string, string] => [
    Buffer.from(kv.key, 'base64').toString('utf8'),
    Buffer.from(kv.value ?? '', 'base64').toString('utf8'),
  ]);
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

// A `confetti watch` child (the built dist/confetti.js) with JSON logs, awaited by log record or HTTP state, never by sleeping.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { cliBaseEnv, cliSpawnArgs } from '../cli/run-cli.js';
import { waitFor } from '../support/wait-for.js';

export type LogRecord = Record<string, unknown> & { msg: string; level: string };

export class DaemonProcess {
  readonly records: LogRecord[] = [];
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stderr = '';
  #buffer = '';

  constructor(args: string[], env: Record<string, string> = {}) {
    const [file, argv] = cliSpawnArgs(['watch', '--log-format', 'json', '--log-level', 'debug', ...args]);
    this.child = spawn(file, argv, { env: { ...cliBaseEnv(), ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.#onData(chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  #onData(chunk: string): void {
    this.stderr += chunk;
    this.#buffer += chunk;
    const lines = this.#buffer.split('\n');
    this.#buffer = lines.pop() ?? '';
    for (const line of lines) {
      try {
        this.records.push(JSON.parse(line) as LogRecord);
      } catch {
        // not a record (a crash trace): kept in stderr for the failure message
      }
    }
  }

  /** The first record (from index `from`) matching `pred`. */
  async log(pred: (r: LogRecord) => boolean, what: string, opts: { from?: number; timeoutMs?: number } = {}): Promise<LogRecord> {
    try {
      return await waitFor(() => this.records.slice(opts.from ?? 0).find(pred), what, opts.timeoutMs ?? 15_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- daemon stderr ---\n${this.stderr.slice(-4000)}`, { cause: error });
    }
  }

  /** Records matching `pred` from index `from`. */
  find(pred: (r: LogRecord) => boolean, from = 0): LogRecord[] {
    return this.records.slice(from).filter(pred);
  }

  /** Base URL of the ops server, from its "listening" record. */
  async baseUrl(): Promise<string> {
    const r = await this.log((x) => x.msg === 'ops server listening', 'ops server listening');
    return `http://${String(r.address)}`;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** SIGTERM and wait; SIGKILL if it hangs (then the test fails on the exit code). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

export const isRender =
  (resource: string, outcome?: string) =>
  (r: LogRecord): boolean =>
    r.msg === 'render' && r.resource === resource && (outcome === undefined || r.outcome === outcome);

/** Prometheus text format → samples "name{a=\"b\"}" → value. */
export function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = (match[2] ?? '').slice(1, -1).split(',').filter(Boolean).sort().join(',');
    samples.set(labels ? `${match[1]}{${labels}}` : (match[1] ?? ''), Number(match[3]));
  }
  return samples;
}

export async function get(url: string): Promise<{ status: number; body: string; type: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}

/** One etcd per test file (started before its tests, stopped after) and the daemons a test starts (stopped after it). */
export function useEtcdWithDaemons(): { readonly etcd: EtcdCluster; readonly daemons: DaemonProcess[] } {
  let cluster: EtcdCluster | undefined;
  const daemons: DaemonProcess[] = [];
  beforeAll(async () => {
    cluster = await startEtcd();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  afterEach(async () => {
    for (const d of daemons.splice(0)) await d.stop();
  });
  return {
    get etcd(): EtcdCluster {
      if (cluster === undefined) throw new Error('etcd is not started yet (use it inside a test or hook)');
      return cluster;
    },
    daemons,
  };
}

// Real processes for the end-to-end tests: the built CLI, HAProxy, tiny HTTP backends. Every one is tracked and
// ended by PID after each test.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { once } from 'node:events';
import { cliBaseEnv, cliSpawnArgs } from '../cli/run-cli.js';

export interface Proc {
  child: ChildProcess;
  pid: number;
  /** Combined stdout+stderr so far (tail). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const live = new Set<Proc>();

export function spawnProc(file: string, args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string } = {}): Proc {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  const child = spawn(file, args, { env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (chunk: Buffer): void => {
    out = (out + chunk.toString()).slice(-50_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const proc: Proc = {
    child,
    pid: child.pid ?? -1,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      live.delete(proc);
    },
  };
  live.add(proc);
  void exited.then(() => live.delete(proc));
  return proc;
}

export function spawnCli(args: string[], env: Record<string, string | undefined> = {}): Proc {
  const [file, argv] = cliSpawnArgs(args);
  return spawnProc(file, argv, { env: { ...cliBaseEnv(), ...env } });
}

/** Ends every process still running (afterEach). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop('SIGKILL')));
}

/** An HTTP server on 127.0.0.1 that answers every request with its name. */
export async function startBackend(
  name: string,
  port = 0,
): Promise<{ name: string; port: number; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
    res.end(name);
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : 0;
  return {
    name,
    port: bound,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One GET on a fresh connection (no keep-alive: a reload closes idle connections of old workers). */
export function get(port: number, timeoutMs = 2_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', agent: false, timeout: timeoutMs, headers: { connection: 'close' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET 127.0.0.1:${port} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

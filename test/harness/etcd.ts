// Starts real etcd servers (Debian etcd-server) on free loopback ports with temp data dirs; stops them by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from './ports.js';

const run = promisify(execFile);
export const ETCD_BIN = process.env.ETCD_BIN ?? 'etcd';
export const ETCDCTL_BIN = process.env.ETCDCTL_BIN ?? 'etcdctl';

export interface EtcdMemberOptions {
  /** Extra etcd flags, e.g. TLS ones. */
  extraArgs?: string[];
  /** Scheme of client URLs. */
  scheme?: 'http' | 'https';
}

export class EtcdMember {
  readonly name: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly dataDir: string;
  readonly scheme: 'http' | 'https';
  #initialCluster: string;
  #extraArgs: string[];
  #child: ChildProcess | undefined;
  #exited: Promise<void> | undefined;
  log = '';

  constructor(name: string, clientPort: number, peerPort: number, dataDir: string, initialCluster: string, opts: EtcdMemberOptions) {
    this.name = name;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
    this.dataDir = dataDir;
    this.#initialCluster = initialCluster;
    this.#extraArgs = opts.extraArgs ?? [];
    this.scheme = opts.scheme ?? 'http';
  }

  get clientUrl(): string {
    return `${this.scheme}://127.0.0.1:${this.clientPort}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  /** Start (or restart with the same data dir and ports). Resolves once the member process is up. */
  start(): void {
    if (this.#child) return;
    const args = [
      '--name',
      this.name,
      '--data-dir',
      this.dataDir,
      '--listen-client-urls',
      this.clientUrl,
      '--advertise-client-urls',
      this.clientUrl,
      '--listen-peer-urls',
      `http://127.0.0.1:${this.peerPort}`,
      '--initial-advertise-peer-urls',
      `http://127.0.0.1:${this.peerPort}`,
      '--initial-cluster',
      this.#initialCluster,
      '--initial-cluster-state',
      'new',
      '--initial-cluster-token',
      'confetti-test',
      '--enable-v2=true',
      '--logger',
      'zap',
      '--log-level',
      'error',
      '--heartbeat-interval',
      '50',
      '--election-timeout',
      '500',
      ...this.#extraArgs,
    ];
    const child = spawn(ETCD_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-20_000);
    });
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Stop by PID (SIGTERM, SIGKILL after 5 s) and wait for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await this.#exited;
      clearTimeout(killer);
    }
    this.#child = undefined;
  }

  pause(): void {
    this.#child?.kill('SIGSTOP');
  }

  resume(): void {
    this.#child?.kill('SIGCONT');
  }
}

export interface EtcdCluster {
  members: EtcdMember[];
  /** Client URLs of all members. */
  endpoints: string[];
  /** Run etcdctl (v3 API) against the cluster; returns stdout. */
  etcdctl(args: string[], env?: Record<string, string>): Promise<string>;
  put(key: string, value: string): Promise<void>;
  del(key: string, opts?: { prefix?: boolean }): Promise<void>;
  /** Current store revision (v3). */
  revision(): Promise<bigint>;
  /** Wait until a member answers /health. */
  waitHealthy(member?: EtcdMember, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface StartEtcdOptions extends EtcdMemberOptions {
  members?: number;
  /** Extra args for etcdctl (e.g. TLS, --user). */
  etcdctlArgs?: string[];
}

/** Start an etcd cluster (default: one member) and wait until it is healthy. */
export async function startEtcd(opts: StartEtcdOptions = {}): Promise<EtcdCluster> {
  const count = opts.members ?? 1;
  const root = await mkdtemp(join(tmpdir(), 'confetti-etcd-'));
  const ports: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) ports.push([await freePort(), await freePort()]);
  const initialCluster = ports.map(([, peer], i) => `m${i}=http://127.0.0.1:${peer}`).join(',');
  const members = ports.map(([client, peer], i) => new EtcdMember(`m${i}`, client, peer, join(root, `m${i}`), initialCluster, opts));
  for (const m of members) m.start();
  const endpoints = members.map((m) => m.clientUrl);
  const ctlArgs = opts.etcdctlArgs ?? [];

  const etcdctl = async (args: string[], env: Record<string, string> = {}): Promise<string> => {
    const live = members.filter((m) => m.running).map((m) => m.clientUrl);
    const { stdout } = await run(ETCDCTL_BIN, [`--endpoints=${live.join(',')}`, ...ctlArgs, ...args], {
      env: { ...process.env, ETCDCTL_API: '3', ...env },
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  };

  const waitHealthy = async (member?: EtcdMember, timeoutMs = 20_000): Promise<void> => {
    const targets = member ? [member] : members.filter((m) => m.running);
    const deadline = Date.now() + timeoutMs;
    for (const m of targets) {
      for (;;) {
        try {
          await run(ETCDCTL_BIN, [`--endpoints=${m.clientUrl}`, ...ctlArgs, 'endpoint', 'health', '--command-timeout=1s'], {
            env: { ...process.env, ETCDCTL_API: '3' },
          });
          break;
        } catch (error) {
          if (Date.now() > deadline) throw new Error(`etcd ${m.name} not healthy\n${m.log}`, { cause: error });
          await sleep(50);
        }
      }
    }
  };

  const cluster: EtcdCluster = {
    members,
    endpoints,
    etcdctl,
    waitHealthy,
    async put(key, value) {
      await etcdctl(['put', key, '--', value]);
    },
    async del(key, o = {}) {
      await etcdctl(['del', key, ...(o.prefix ? ['--prefix'] : [])]);
    },
    async revision() {
      const out = await etcdctl(['endpoint', 'status', '-w', 'json']);
      const parsed = JSON.parse(out) as Array<{ Status: { header: { revision: number | string } } }>;
      return BigInt(parsed[0]?.Status.header.revision ?? 0);
    },
    async stop() {
      await Promise.all(members.map((m) => m.stop()));
      await rm(root, { recursive: true, force: true });
    },
  };
  try {
    await waitHealthy();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

export interface TlsFixture {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** etcd flags serving TLS with client-certificate auth. */
  etcdArgs: string[];
  /** etcdctl flags presenting the client certificate. */
  etcdctlArgs: string[];
  cleanup(): Promise<void>;
}

/** A throwaway CA, a server certificate for IP 127.0.0.1 and a client certificate (CN=root), made with openssl. */
export async function makeTlsFixture(): Promise<TlsFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'confetti-tls-'));
  const p = (name: string): string => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '2', '-subj', '/CN=confetti-test-ca']);
  const issue = async (name: string, cn: string, ext: string): Promise<void> => {
    await writeFile(p(`${name}.ext`), ext);
    await run('openssl', ['req', ...ec, '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', `/CN=${cn}`]);
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      p(`${name}.csr`),
      '-CA',
      p('ca.crt'),
      '-CAkey',
      p('ca.key'),
      '-CAcreateserial',
      '-out',
      p(`${name}.crt`),
      '-days',
      '2',
      '-extfile',
      p(`${name}.ext`),
    ]);
  };
  await issue('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  await issue('client', 'root', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    ca: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    etcdArgs: ['--cert-file', p('server.crt'), '--key-file', p('server.key'), '--trusted-ca-file', p('ca.crt'), '--client-cert-auth'],
    etcdctlArgs: [`--cacert=${p('ca.crt')}`, `--cert=${p('client.crt')}`, `--key=${p('client.key')}`],
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Create user root with `password`, grant it the root role and turn auth on; etcdctl needs `--user root:password` after. */
export async function enableAuth(cluster: EtcdCluster, password: string): Promise<string[]> {
  await cluster.etcdctl(['user', 'add', `root:${password}`]);
  await cluster.etcdctl(['user', 'grant-role', 'root', 'root']);
  await cluster.etcdctl(['auth', 'enable']);
  return [`--user=root:${password}`];
}

// A real DNS server for the DNS helpers: dnsmasq on 127.0.0.1:53 inside a network namespace of our own, so this
// machine's /etc/resolv.conf and /etc/hosts are never touched. `ip netns exec` bind-mounts /etc/netns/<ns>/resolv.conf
// and /etc/netns/<ns>/hosts over the real ones for the processes it starts (dnsmasq, and the CLI under test).
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
let counter = 0;

export interface DnsSceneSpec {
  /** The namespace's /etc/hosts (getaddrinfo reads it before asking DNS). */
  hosts: string;
  /** A hosts-format file dnsmasq serves as A/AAAA records; replace it with setRecords. */
  records: string;
  /** dnsmasq --srv-host values: "_service._proto.name,target,port,priority,weight". */
  srv: string[];
}

export interface DnsScene {
  readonly ns: string;
  /** argv prefix running a command inside the namespace. */
  readonly exec: string[];
  /** dnsmasq's log so far. */
  log(): string;
  /** Replace the served A/AAAA records: rewrite the file, SIGHUP dnsmasq, and await its re-read. */
  setRecords(records: string): Promise<void>;
  /** Stop dnsmasq (by PID), delete the namespace and /etc/netns/<ns>. */
  close(): Promise<void>;
}

/** Whether this process may create network namespaces (root with iproute2). */
export function canUseNetns(): boolean {
  return process.getuid?.() === 0;
}

export async function startDnsScene(spec: DnsSceneSpec): Promise<DnsScene> {
  const ns = `confetti-dns-${process.pid}-${++counter}`;
  const etc = join('/etc/netns', ns);
  const recordsFile = join(etc, 'dnsmasq-records');
  let child: ChildProcess | undefined;
  let log = '';
  // Waiters on dnsmasq's log, checked on every chunk it writes (and when it exits).
  const waiters = new Set<() => void>();
  const until = (pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}:\n${log}`));
      }, timeoutMs);
      function check(): void {
        if (!pred()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      }
      waiters.add(check);
      check();
    });
  const close = async (): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await run('ip', ['netns', 'del', ns]).catch(() => undefined);
    await rm(etc, { recursive: true, force: true });
    // /etc/netns itself only if we made it and nobody else uses it now (rmdir refuses a non-empty directory).
    if (madeParent) await rmdir('/etc/netns').catch(() => undefined);
  };
  let madeParent = false;
  try {
    madeParent = (await mkdir('/etc/netns', { recursive: true })) !== undefined;
    await mkdir(etc, { recursive: true });
    // One try of one second: an unanswered query must not stretch the tests.
    await writeFile(join(etc, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
    await writeFile(join(etc, 'hosts'), spec.hosts);
    await writeFile(recordsFile, spec.records);
    await run('ip', ['netns', 'add', ns]);
    await run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    const args = [
      'netns',
      'exec',
      ns,
      'dnsmasq',
      '--keep-in-foreground',
      '--no-resolv',
      '--no-hosts',
      `--addn-hosts=${recordsFile}`,
      '--local=/test/',
      '--port=53',
      '--listen-address=127.0.0.1',
      '--bind-interfaces',
      '--pid-file=',
      '--log-facility=-',
      '--log-queries',
      '--user=root',
      ...spec.srv.map((s) => `--srv-host=${s}`),
    ];
    child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      log += chunk.toString();
      for (const check of [...waiters]) check();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      for (const check of [...waiters]) check();
    });
    const started = child;
    // dnsmasq reads the records file once its sockets are bound: that line means it answers.
    await until(() => log.includes(`read ${recordsFile}`) || started.exitCode !== null, 'dnsmasq to start');
    if (started.exitCode !== null) throw new Error(`dnsmasq exited with ${started.exitCode}:\n${log}`);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    ns,
    exec: ['ip', 'netns', 'exec', ns],
    log: () => log,
    async setRecords(records) {
      await writeFile(recordsFile, records);
      const reads = log.split(`read ${recordsFile}`).length;
      child?.kill('SIGHUP');
      await until(() => log.split(`read ${recordsFile}`).length > reads, 'dnsmasq to re-read its records');
    },
    close,
  };
}

// lookupIP / lookupIPV4 / lookupIPV6 / lookupSRV through the built CLI against a real DNS server (dnsmasq) and a real
// /etc/hosts, both inside a network namespace of the test's own (test/harness/dnsmasq.ts). Needs root for `ip netns`.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../cli/run-cli.js';
import { writeConfdir } from '../cli/confdir.js';
import { canUseNetns, startDnsScene, type DnsScene } from '../harness/dnsmasq.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs('confetti-dns-');
const scenes: DnsScene[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  for (const scene of scenes.splice(0)) await scene.close();
});

const HOSTS = '127.0.0.1 localhost\n::1 localhost\n10.9.9.9 fromhosts.test\nfd00::9 fromhosts.test\n';
const RECORDS = '10.0.0.2 web.test\n10.0.0.10 web.test\nfd00::1 web.test\n';
// confd sorts by the string target+port+priority+weight: port 10 before port 9 on the same target.
const SRV = ['_http._tcp.svc.test,b.test,80,0,0', '_http._tcp.svc.test,a.test,9,1,1', '_http._tcp.svc.test,a.test,10,2,2'];

async function scene(): Promise<DnsScene> {
  const s = await startDnsScene({ hosts: HOSTS, records: RECORDS, srv: SRV });
  scenes.push(s);
  return s;
}

function runInNs(s: DnsScene, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [cmd, ...rest] = s.exec as [string, ...string[]];
  return new Promise((resolve) => {
    execFile(
      cmd,
      [...rest, process.execPath, CLI, ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/root' }, timeout: 20_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

const TEMPLATE = `ip={{join (lookupIP "web.test") ","}}
v4={{join (lookupIPV4 "web.test") ","}}
v6={{join (lookupIPV6 "web.test") ","}}
hosts={{join (lookupIP "fromhosts.test") ","}}
hosts4={{join (lookupIPV4 "fromhosts.test") ","}}
nope=[{{join (lookupIP "nope.test") ","}}]
{{#each (lookupSRV "http" "tcp" "svc.test")}}srv={{target}}:{{port}} {{priority}} {{weight}} {{Target}} {{Port}}
{{/each}}nosrv=[{{#each (lookupSRV "none" "tcp" "svc.test")}}x{{/each}}]
`;

describe.skipIf(!canUseNetns())('DNS helpers against dnsmasq in a network namespace', () => {
  it('render: addresses from DNS and /etc/hosts sorted as confd sorts, families filtered, SRV sorted with both field spellings, unknown names empty', async () => {
    const s = await scene();
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: { 'dns.yaml': 'src: dns.hbs\ndest: ../out/dns.conf\ncreate_dirs: true\nkeys: [/app]\n' },
      templates: { 'dns.hbs': TEMPLATE },
      data: { app: { x: '1' } },
    });
    const r = await runInNs(s, [
      'render',
      '--confdir',
      confdir,
      '--backend',
      'file',
      '--file',
      data,
      '--log-format',
      'json',
      '--log-level',
      'debug',
    ]);
    expect(r.stdout).toMatch(/^written +dns /m);
    expect(r.code).toBe(0);
    expect(await readFile(join(dir, 'out', 'dns.conf'), 'utf8')).toBe(`ip=10.0.0.10,10.0.0.2,fd00::1
v4=10.0.0.10,10.0.0.2
v6=fd00::1
hosts=10.9.9.9,fd00::9
hosts4=10.9.9.9
nope=[]
srv=a.test.:10 2 2 a.test. 10
srv=a.test.:9 1 1 a.test. 9
srv=b.test.:80 0 0 b.test. 80
nosrv=[]
`);
    // The unknown names are logged by name; no answer value appears in the log.
    expect(r.stderr).toContain('"name":"nope.test"');
    expect(r.stderr).toContain('"name":"_none._tcp.svc.test"');
    expect(r.stderr).not.toContain('10.0.0.10');
    // Both queries reached the server (the namespace's resolv.conf, not the machine's).
    expect(s.log()).toMatch(/query\[A\] web\.test from 127\.0\.0\.1/);
    expect(s.log()).toMatch(/query\[SRV\] _http\._tcp\.svc\.test/);
  });

  it('watch: a changed DNS answer re-renders the file within the refresh period', async () => {
    const s = await scene();
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: { 'web.yaml': 'src: web.hbs\ndest: ../out/web.conf\ncreate_dirs: true\nkeys: [/app]\n' },
      templates: { 'web.hbs': '{{#each (lookupIPV4 "web.test")}}server {{this}}:{{getv "/app/port"}}\n{{/each}}' },
      data: { app: { port: '8080' } },
    });
    const out = join(dir, 'out', 'web.conf');
    const [cmd, ...rest] = s.exec as [string, ...string[]];
    const args = [
      ...rest,
      process.execPath,
      CLI,
      'watch',
      '--confdir',
      confdir,
      '--backend',
      'file',
      '--file',
      data,
      '--log-format',
      'json',
      '--dns-refresh',
      '300ms',
      '--no-watch-config',
    ];
    const child = spawn(cmd, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/root' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    const renders = renderRecords(child);
    await renders.next();
    expect(await readFile(out, 'utf8')).toBe('server 10.0.0.10:8080\nserver 10.0.0.2:8080\n');

    await s.setRecords('10.0.0.2 web.test\n10.0.0.3 web.test\nfd00::1 web.test\n');
    const changedAt = Date.now();
    await renders.next();
    // Within the period plus a lookup and a render; a test machine shared with others gets slack.
    expect(Date.now() - changedAt).toBeLessThan(300 + 3_000);
    expect(await readFile(out, 'utf8')).toBe('server 10.0.0.2:8080\nserver 10.0.0.3:8080\n');
    expect(renders.log()).toContain('"msg":"dns answers changed, re-rendering"');
  });
});

/** Awaits the daemon's "render" records with outcome "written" (logged after the file is swapped in), one at a time. */
function renderRecords(child: ChildProcess): { next(): Promise<void>; log(): string } {
  let log = '';
  let written = 0;
  let taken = 0;
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const check of [...waiters]) check();
  };
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    log += chunk;
    written = log.split('\n').filter((line) => line.includes('"msg":"render"') && line.includes('"outcome":"written"')).length;
    wake();
  });
  child.once('exit', wake);
  return {
    log: () => log,
    next() {
      const want = ++taken;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no render #${want} within 15 s:\n${log}`)), 15_000);
        function finish(error?: Error): void {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        }
        function check(): void {
          if (written >= want) finish();
          else if (child.exitCode !== null || child.signalCode !== null)
            finish(new Error(`watch exited (${child.exitCode ?? child.signalCode}):\n${log}`));
        }
        waiters.add(check);
        check();
      });
    },
  };
}

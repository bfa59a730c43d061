// node bench/fleet.mjs [--sidecars 10,50] [--keys 3] [--changes 300] [--warmup 0] [--puts 300] [--timeout-s 600] [--cpu-prof DIR]
// N `confetti watch` sidecars on one local etcd (v3), all watching the same prefix, each rendering its own file.
// Reports, per N:
//  - etcd put latency p50/p99 without sidecars, and with them while every change fans out to all of them;
//  - TCP connections from each sidecar to etcd (its /proc/<pid>/fd sockets matched in /proc/net/tcp);
//  - VmRSS and PSS per sidecar after the changes (PSS splits the node binary's shared pages among the processes);
//  - CPU per sidecar per change: utime + stime from /proc/<pid>/stat across `--changes` changes, one at a time
//    (split into user and sys, and the main thread's share from /proc/<pid>/task/<pid>/stat); `--warmup N` makes N
//    changes first, unmeasured, so the figure is past V8's tier-up (TurboFan compiles hot functions over the first
//    thousand or so changes, on its worker threads);
//  - time from a put's ack until every sidecar's file has the value (p50/p99).
// CONFETTI_CLI_B=<another build's confetti.js> runs every other sidecar from that build instead (each build with its
// own XDG_CACHE_HOME under the run's temp dir) and reports CPU per change for each build: a paired comparison in which
// both builds see the same changes under the same machine load.
// Bounded: a deadline (--timeout-s) stops everything; only the PIDs this script started are signalled.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, watch, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { httpClient, startEtcd } from './etcd-proc.mjs';
import { median, percentile } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    sidecars: { type: 'string', default: '10,50' },
    keys: { type: 'string', default: '3' },
    changes: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '0' },
    puts: { type: 'string', default: '300' },
    'timeout-s': { type: 'string', default: '600' },
    // Each sidecar runs under `node --cpu-prof` (dist/confetti.js only); profiles land in DIR.
    'cpu-prof': { type: 'string' },
  },
});
const FLEETS = opt.sidecars.split(',').map(Number);
const KEYS = Number(opt.keys);
const CHANGES = Number(opt.changes);
const WARMUP = Number(opt.warmup);
const PUTS = Number(opt.puts);
const DEADLINE = Date.now() + Number(opt['timeout-s']) * 1000;
// CONFETTI_CLI=dist/bin/confetti measures the single executable (anything not ending in .js, .cjs or .mjs runs as a program).
const CLI = resolve(process.env.CONFETTI_CLI ?? 'dist/confetti.js');
const PROF = opt['cpu-prof'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', resolve(opt['cpu-prof'])];
const CLI_B = process.env.CONFETTI_CLI_B === undefined ? undefined : resolve(process.env.CONFETTI_CLI_B);
const cliCommand = (args, cli = CLI) => (/\.[cm]?js$/.test(cli) ? [process.execPath, [...PROF, cli, ...args]] : [cli, args]);
const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat times are in 1/100 s
const PREFIX = '/fleet';
const b64 = (s) => Buffer.from(s).toString('base64');
const now = () => performance.now();
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const f1 = (x) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(1));
const f2 = (x) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(2));
const keyName = (i) => `k${String(i).padStart(5, '0')}`;

/** Every child this script started, so a deadline or a crash signals exactly these PIDs. */
const children = new Set();
function killChildren() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
process.on('exit', killChildren);
const overdue = setTimeout(() => {
  console.error(`fleet: deadline of ${opt['timeout-s']} s passed, stopping`);
  killChildren();
  process.exit(2);
}, DEADLINE - Date.now());
overdue.unref();

function checkDeadline(what) {
  if (Date.now() > DEADLINE) throw new Error(`deadline passed while ${what}`);
}

/** Sequential puts of one key; returns each put's latency in ms. */
async function putLatencies(http, n, key, label) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    await http.post('/v3/kv/put', { key: b64(`${PREFIX}/${key}`), value: b64(`${label}-${i}`) });
    ms.push(now() - t0);
  }
  return ms;
}

/** utime and stime (ms) from a /proc stat file. */
function statTimes(path) {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 is index 0: utime is field 14, stime field 15.
  return { user: (Number(fields[11]) * 1000) / CLK_TCK, sys: (Number(fields[12]) * 1000) / CLK_TCK };
}

/** CPU of a process in ms: user, sys, and the main thread's user + sys (the rest is V8's and libuv's threads). */
function cpuTimes(pid) {
  const all = statTimes(`/proc/${pid}/stat`);
  const main = statTimes(`/proc/${pid}/task/${pid}/stat`);
  return { user: all.user, sys: all.sys, main: main.user + main.sys };
}

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return { rssKiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]), pssKiB: Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1]) };
}

/** Established TCP connections from `pid` to `port` on loopback: its socket inodes matched in /proc/net/tcp{,6}. */
function connectionsTo(pid, port) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // fd closed meanwhile
    }
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let n = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols: sl local rem st ... inode (index 9); st 01 = ESTABLISHED
      if (cols.length > 9 && cols[2]?.endsWith(`:${hexPort}`) && cols[3] === '01' && inodes.has(cols[9])) n++;
    }
  }
  return n;
}

/** One sidecar's confdir: one resource over PREFIX rendering to `${out}/${name}.conf`. */
function makeSidecarConf(root, out, name) {
  const dir = join(root, name);
  mkdirSync(join(dir, 'conf.d'), { recursive: true });
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'templates', 'app.hbs'), `{{#each (gets "${PREFIX}/*")}}{{base key}} {{value}}\n{{/each}}`);
  writeFileSync(join(dir, 'conf.d', 'app.yaml'), JSON.stringify({ src: 'app.hbs', dest: join(out, `${name}.conf`), keys: [PREFIX] }));
  return dir;
}

function startSidecar(confdir, url, cli = CLI, env = process.env) {
  const child = spawn(...cliCommand(['watch', '--confdir', confdir, '--backend', 'etcd', '--endpoints', url], cli), {
    stdio: ['ignore', 'ignore', 'ignore'],
    env,
  });
  children.add(child);
  const exited = new Promise((r) => child.once('exit', r));
  return {
    pid: child.pid,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM');
      const late = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
      if (late) {
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
      children.delete(child);
    },
  };
}

/**
 * Resolves once every file in `names` (in `dir`) contains `text`: files are re-read only on their own fs events
 * (plus a 50 ms sweep for a missed event), so checking costs O(sidecars) per change, not O(sidecars²).
 */
function allHave(dir, names, text, timeoutMs) {
  return new Promise((resolveP, reject) => {
    const pending = new Set(names);
    const check = (name) => {
      try {
        if (readFileSync(join(dir, name), 'utf8').includes(text)) pending.delete(name);
      } catch {
        // mid-swap: the next event re-checks
      }
      if (pending.size === 0) finish();
    };
    const watcher = watch(dir, (_e, name) => {
      if (name && pending.has(name)) check(name);
    });
    const sweep = setInterval(() => [...pending].forEach(check), 50);
    const timer = setTimeout(
      () => finish(new Error(`${pending.size} of ${names.length} files lack "${text.trim()}" after ${timeoutMs} ms`)),
      timeoutMs,
    );
    function finish(error) {
      watcher.close();
      clearInterval(sweep);
      clearTimeout(timer);
      if (error) reject(error);
      else resolveP(now());
    }
    [...pending].forEach(check);
  });
}

async function runFleet(etcd, http, n) {
  const root = mkdtempSync(join(tmpdir(), `confetti-fleet-${n}-`));
  const out = join(root, 'out');
  mkdirSync(out);
  const names = Array.from({ length: n }, (_, i) => `s${String(i).padStart(3, '0')}`);
  const files = names.map((s) => `${s}.conf`);
  const loadBefore = load();
  const without = await putLatencies(http, PUTS, 'idle-key', 'without');
  const sidecars = [];
  try {
    const t0 = now();
    names.forEach((name, i) => {
      const confdir = makeSidecarConf(root, out, name);
      if (CLI_B === undefined) sidecars.push(startSidecar(confdir, etcd.url));
      else
        sidecars.push(
          startSidecar(confdir, etcd.url, i % 2 === 0 ? CLI : CLI_B, {
            ...process.env,
            XDG_CACHE_HOME: join(root, `cache-${i % 2 === 0 ? 'a' : 'b'}`),
          }),
        );
    });
    await allHave(out, files, `${keyName(0)} seed-0\n`, 120_000);
    const startAllMs = now() - t0;
    await sleep(3000); // first-render work and the compile cache write settle
    checkDeadline('starting sidecars');
    const connections = sidecars.map((s) => connectionsTo(s.pid, Number(new URL(etcd.url).port)));
    for (let i = CHANGES; i < CHANGES + WARMUP; i++) {
      checkDeadline(`warm-up change ${i}`);
      await http.post('/v3/kv/put', { key: b64(`${PREFIX}/${keyName(i % KEYS)}`), value: b64(`w${i}`) });
      await allHave(out, files, `${keyName(i % KEYS)} w${i}\n`, 30_000);
    }
    const cpu0 = sidecars.map((s) => cpuTimes(s.pid));
    const withFleet = [];
    const fanout = [];
    for (let i = 0; i < CHANGES; i++) {
      checkDeadline(`change ${i}`);
      const value = `c${i}`;
      const t = now();
      await http.post('/v3/kv/put', { key: b64(`${PREFIX}/${keyName(i % KEYS)}`), value: b64(value) });
      const acked = now();
      withFleet.push(acked - t);
      fanout.push((await allHave(out, files, `${keyName(i % KEYS)} ${value}\n`, 30_000)) - acked);
    }
    const cpuEnd = sidecars.map((s) => cpuTimes(s.pid));
    const per = (f) => cpuEnd.map((t, i) => (f(t) - f(cpu0[i])) / CHANGES);
    const cpu = per((t) => t.user + t.sys);
    const mem = sidecars.map((s) => memory(s.pid));
    const alive = sidecars.filter((s) => s.alive()).length;
    return {
      n,
      loadBefore,
      loadAfter: load(),
      startAllMs,
      without,
      withFleet,
      fanout,
      alive,
      connections: { min: Math.min(...connections), max: Math.max(...connections) },
      cpuPerChange: median(cpu),
      cpuMax: Math.max(...cpu),
      cpuUser: median(per((t) => t.user)),
      cpuSys: median(per((t) => t.sys)),
      cpuMain: median(per((t) => t.main)),
      byBuild:
        CLI_B === undefined
          ? undefined
          : [0, 1].map((parity) => {
              const pick = (xs) => xs.filter((_, i) => i % 2 === parity);
              return {
                cpu: median(pick(cpu)),
                user: median(pick(per((t) => t.user))),
                sys: median(pick(per((t) => t.sys))),
                main: median(pick(per((t) => t.main))),
              };
            }),
      rssMiB: median(mem.map((m) => m.rssKiB)) / 1024,
      pssMiB: median(mem.map((m) => m.pssKiB)) / 1024,
    };
  } finally {
    await Promise.all(sidecars.map((s) => s.stop()));
    rmSync(root, { recursive: true, force: true });
  }
}

const started = new Date();
const etcd = await startEtcd();
const http = httpClient(etcd.url, { maxSockets: 8 });
const results = [];
try {
  const seed = Array.from({ length: KEYS }, (_, i) => ({ request_put: { key: b64(`${PREFIX}/${keyName(i)}`), value: b64(`seed-${i}`) } }));
  for (let i = 0; i < seed.length; i += 100) await http.post('/v3/kv/txn', { success: seed.slice(i, i + 100) });
  for (const n of FLEETS) {
    console.error(`[fleet] ${n} sidecars, load ${load()}`);
    // Each fleet starts from the seed values, so its first render is the same.
    for (let i = 0; i < seed.length; i += 100) await http.post('/v3/kv/txn', { success: seed.slice(i, i + 100) });
    results.push(await runFleet(etcd, http, n));
  }
} finally {
  http.close();
  await etcd.stop();
  clearTimeout(overdue);
}

const lines = [];
lines.push('## confetti fleet benchmark', '');
lines.push(`- command: \`node bench/fleet.mjs ${process.argv.slice(2).join(' ')}\``.replace(/ `$/, '`'));
lines.push(
  `- node ${process.version}, ${cpus().length} CPUs, ${started.toISOString()}, etcd 3.4 single member on loopback, ${KEYS} keys under ${PREFIX}`,
);
lines.push(
  `- each sidecar: \`${cliCommand([]).flat().join(' ')} watch --confdir <own> --backend etcd --endpoints <etcd>\` (defaults: info log, config watching on)`,
);
lines.push(
  `- ${CHANGES} changes measured, one at a time (the next put after every file has the last one)${WARMUP > 0 ? `, after ${WARMUP} unmeasured` : ''}; ${PUTS} puts for the latency without sidecars`,
  '',
);
lines.push(
  '| sidecars | load before → after | start → all rendered ms | put p50 / p99 ms without | put p50 / p99 ms with | connections per sidecar | VmRSS MiB / sidecar | PSS MiB / sidecar | CPU ms / sidecar / change (median, max) | of which user / sys, main thread | ack → all files p50 / p99 ms | alive |',
);
lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const conn = r.connections.min === r.connections.max ? `${r.connections.min}` : `${r.connections.min}–${r.connections.max}`;
  lines.push(
    `| ${r.n} | ${r.loadBefore} → ${r.loadAfter} | ${r.startAllMs.toFixed(0)} | ${f2(median(r.without))} / ${f2(percentile(r.without, 99))} | ${f2(median(r.withFleet))} / ${f2(percentile(r.withFleet, 99))} | ${conn} | ${f1(r.rssMiB)} | ${f1(r.pssMiB)} | ${f2(r.cpuPerChange)}, ${f2(r.cpuMax)} | ${f2(r.cpuUser)} / ${f2(r.cpuSys)}, ${f2(r.cpuMain)} | ${f1(median(r.fanout))} / ${f1(percentile(r.fanout, 99))} | ${r.alive}/${r.n} |`,
  );
}
if (CLI_B !== undefined) {
  lines.push('', `CPU ms per change by build (median over its sidecars): A = ${CLI}, B = ${CLI_B}`, '');
  lines.push('| sidecars | build | CPU ms / change | user / sys | main thread |', '|---|---|---|---|---|');
  for (const r of results)
    r.byBuild.forEach((b, i) =>
      lines.push(`| ${r.n} | ${i === 0 ? 'A' : 'B'} | ${f2(b.cpu)} | ${f2(b.user)} / ${f2(b.sys)} | ${f2(b.main)} |`),
    );
}
console.log(lines.join('\n'));

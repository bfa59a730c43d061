// npm run bench:watch — `confetti watch` as a real child process against a real etcd (v3 and/or v2):
//  1. put → destination updated and put → reload command ran, p50/p99, with 10 and with 10,000 keys under the prefix;
//  2. a burst of 1,000 pipelined puts → how many renders and reloads, and whether the final file is right;
//  3. VmRSS of the confetti process every 10,000 changes across 100,000 changes (time-bounded);
//  4. (--only many) 300 resources, one prefix and one key each: put → its file, and how many resources rendered;
//  5. (--only idle) an idle watch of 3 keys, 5 s after its first render: VmRSS split into anonymous and file-backed
//     pages, and malloc's brk heap (`[heap]` in /proc/<pid>/smaps).
// CONFETTI_CLI=dist/bin/confetti measures the single executable (anything not ending in .js, .cjs or .mjs runs as a
// program; --cpu-prof and --trace-gc need dist/confetti.js).
// Usage: node bench/watch.mjs [--backend etcd|etcdv2|all] [--samples 200] [--big 10000] [--burst 1000]
//          [--changes 100000] [--rss-seconds 120] [--only latency,burst,rss,many,idle] [--many 300] [--cpu-prof DIR]
// --cpu-prof runs each confetti child under `node --cpu-prof` and prints its top self-time functions.
import { spawn } from 'node:child_process';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { httpClient, startEtcd } from './etcd-proc.mjs';
import { cleanupProbe, median, percentile } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    backend: { type: 'string', default: 'etcd' },
    samples: { type: 'string', default: '200' },
    big: { type: 'string', default: '10000' },
    burst: { type: 'string', default: '1000' },
    changes: { type: 'string', default: '100000' },
    'rss-seconds': { type: 'string', default: '120' },
    only: { type: 'string', default: 'latency,burst,rss' },
    'cpu-prof': { type: 'string' },
    many: { type: 'string', default: '300' },
  },
});
const BACKENDS = opt.backend === 'all' ? ['etcd', 'etcdv2'] : [opt.backend];
if (!BACKENDS.every((b) => b === 'etcd' || b === 'etcdv2')) throw new Error(`--backend: expected etcd, etcdv2 or all, got ${opt.backend}`);
const SAMPLES = Number(opt.samples);
const BIG = Number(opt.big);
const BURST = Number(opt.burst);
const CHANGES = Number(opt.changes);
const RSS_MS = Number(opt['rss-seconds']) * 1000;
const ONLY = new Set(opt.only.split(','));
const PROF_DIR = opt['cpu-prof'] && resolve(opt['cpu-prof']);
const CLI = resolve(process.env.CONFETTI_CLI ?? 'dist/confetti.js');
const MANY = Number(opt.many);
const SAMPLE_TIMEOUT_MS = 10_000;
const b64 = (s) => Buffer.from(s).toString('base64');
const unb64 = (s) => Buffer.from(s ?? '', 'base64').toString();
const now = () => performance.now();
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** Writes and reads for one backend; every key is `${prefix}/${name}`. */
function store(backend, http) {
  if (backend === 'etcd') {
    return {
      put: (prefix, name, value) => http.post('/v3/kv/put', { key: b64(`${prefix}/${name}`), value: b64(value) }),
      // etcd's default --max-txn-ops is 128: load in transactions of 100 puts, 4 in flight.
      async load(prefix, entries) {
        const batches = [];
        for (let i = 0; i < entries.length; i += 100) batches.push(entries.slice(i, i + 100));
        await pool(batches, 4, (batch) =>
          http.post('/v3/kv/txn', { success: batch.map(([n, v]) => ({ request_put: { key: b64(`${prefix}/${n}`), value: b64(v) } })) }),
        );
      },
      async read(prefix) {
        const { kvs = [] } = await http.post('/v3/kv/range', { key: b64(`${prefix}/`), range_end: b64(`${prefix}0`) });
        return kvs.map((kv) => [unb64(kv.key).slice(prefix.length + 1), unb64(kv.value)]);
      },
    };
  }
  return {
    put: (prefix, name, value) => http.form('PUT', `/v2/keys${prefix}/${name}`, { value }),
    load: (prefix, entries) => pool(entries, 32, ([n, v]) => http.form('PUT', `/v2/keys${prefix}/${n}`, { value: v })),
    async read(prefix) {
      const { node } = await http.get(`/v2/keys${prefix}?recursive=true`);
      return (node.nodes ?? []).map((n) => [n.key.slice(prefix.length + 1), n.value]);
    },
  };
}

/** Run `fn` over `items` with at most `width` in flight. */
async function pool(items, width, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++], next - 1);
    }),
  );
}

/** What the template renders for these entries (the view is sorted by key). */
const expected = (entries) =>
  entries
    .toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([n, v]) => `${n} ${v}\n`)
    .join('');

/** A confdir with one resource over `prefix` whose reload appends "r" to out/reloads. */
function makeConfdir(root, prefix) {
  const dir = mkdtempSync(join(root, 'case-'));
  const out = join(dir, 'out');
  for (const d of ['conf.d', 'templates', 'out']) mkdirSync(join(dir, d));
  const resource = { src: 'bench.hbs', dest: join(out, 'bench.txt'), keys: [prefix], reload_cmd: `echo r >> ${join(out, 'reloads')}` };
  writeFileSync(join(dir, 'conf.d', 'bench.yaml'), JSON.stringify(resource, null, 2));
  writeFileSync(join(dir, 'templates', 'bench.hbs'), `{{#each (gets "${prefix}/*")}}{{base key}} {{value}}\n{{/each}}`);
  return { dir, out, dest: resource.dest, reloads: join(out, 'reloads') };
}

/** `confetti watch` as a child; counts `render outcome=written` and reload records from its JSON log on stderr. */
function startConfetti(conf, backend, url, label, { traceGc = false, logLevel = 'info' } = {}) {
  const nodeArgs = [...(PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', join(PROF_DIR, label)] : []), ...(traceGc ? ['--trace-gc'] : [])];
  const args = ['watch', '--confdir', conf.dir, '--backend', backend, '--endpoints', url, '--log-format', 'json', '--log-level', logLevel];
  const [file, argv] = /\.[cm]?js$/.test(CLI) ? [process.execPath, [...nodeArgs, CLI, ...args]] : [CLI, args];
  const child = spawn(file, argv, { stdio: ['ignore', traceGc ? 'pipe' : 'ignore', 'pipe'] });
  const counts = {
    rendered: 0,
    renders: 0,
    reloads: 0,
    failures: 0,
    lines: [],
    renderMs: [],
    renderEnd: [],
    heapAfterFullGc: undefined,
    fullGcs: 0,
    heapCommitted: undefined,
  };
  // --trace-gc: the live heap after each full (mark-compact) GC tells a leak from a lazy collector.
  let gcBuf = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk) => {
    gcBuf += chunk;
    for (let nl; (nl = gcBuf.indexOf('\n')) >= 0; gcBuf = gcBuf.slice(nl + 1)) {
      const line = gcBuf.slice(0, nl);
      const any = /-> [\d.]+ \(([\d.]+)\) MB/.exec(line);
      if (any) counts.heapCommitted = Number(any[1]);
      const m = /Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/.exec(line);
      if (m) {
        counts.heapAfterFullGc = Number(m[1]);
        counts.fullGcs++;
      }
    }
  });
  let buf = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    buf += chunk;
    for (let nl; (nl = buf.indexOf('\n')) >= 0; buf = buf.slice(nl + 1)) {
      const line = buf.slice(0, nl);
      counts.lines.push(line);
      if (counts.lines.length > 40) counts.lines.shift();
      let rec;
      try {
        rec = JSON.parse(line);
      } catch {
        continue;
      }
      // Every render record (an unchanged one is logged at debug): how many resources a change made render.
      if (rec.msg === 'render') counts.rendered++;
      if (rec.msg === 'render' && rec.outcome === 'written') {
        counts.renders = counts.renderMs.push(rec.ms);
        counts.renderEnd.push(Date.parse(rec.time));
      } else if (rec.msg === 'command ran' && rec.kind === 'reload') counts.reloads++;
      else if (rec.level === 'error' || rec.level === 50) counts.failures++;
    }
  });
  const exited = new Promise((r) => child.once('exit', r));
  return {
    pid: child.pid,
    counts,
    rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM');
      const late = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
      if (late) {
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * Resolves (with the time) once `check()` holds, re-checking on fs events in `dir` and every 25 ms as a fallback.
 * With `only`, events for other names (confetti's stage files) are ignored: re-reading a 200 KB destination on every
 * event of a write would take CPU from the process being measured on this 2-core machine.
 */
function until(dir, check, timeoutMs, what, only) {
  return new Promise((resolveP, reject) => {
    let watcher;
    const finish = (err, t) => {
      watcher?.close();
      clearInterval(tick);
      clearTimeout(timer);
      if (err) reject(err);
      else resolveP(t);
    };
    const test = () => {
      let ok = false;
      try {
        ok = check();
      } catch {
        // The file may be mid-swap; the next event re-checks.
      }
      if (ok) finish(undefined, now());
    };
    const tick = setInterval(test, 25);
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    watcher = watch(dir, (_event, name) => {
      if (only === undefined || name === only) test();
    });
    test();
  });
}

const reloadCount = (conf) => {
  try {
    return statSync(conf.reloads).size / 2;
  } catch {
    return 0;
  }
};
const destHas = (conf, text) => readFileSync(conf.dest, 'utf8').includes(text);
const destIs = (conf, text) => readFileSync(conf.dest, 'utf8') === text;

/** Seed `n` keys, start confetti, wait for its first render; returns the running case. */
async function setUp(ctx, name, n, spawnOpts = {}) {
  const prefix = `/${ctx.backend === 'etcd' ? 'v3' : 'v2'}-${name}`;
  const entries = Array.from({ length: n }, (_, i) => [`k${String(i).padStart(5, '0')}`, `seed-${i}`]);
  const t0 = now();
  await ctx.kv.load(prefix, entries);
  const loadMs = now() - t0;
  const conf = makeConfdir(ctx.root, prefix);
  const t1 = now();
  const proc = startConfetti(conf, ctx.backend, ctx.url, `${ctx.backend}-${name}`, spawnOpts);
  try {
    // The reload's log record too, so counts taken after this start from a settled first cycle.
    await until(
      conf.out,
      () => destIs(conf, expected(entries)) && reloadCount(conf) >= 1 && proc.counts.reloads >= 1,
      60_000,
      `first render of ${conf.dest}`,
    );
  } catch (error) {
    await proc.stop();
    throw new Error(`${error.message}\nconfetti log tail:\n${proc.counts.lines.join('\n')}`);
  }
  return { prefix, entries, conf, proc, loadMs, firstRenderMs: now() - t1 };
}

/** One put → file and → reload sample; `null` times on timeout. */
async function sample(ctx, c, name, value) {
  const reloadsBefore = reloadCount(c.conf);
  const rendersBefore = c.proc.counts.renders;
  const wall0 = Date.now();
  const t0 = now();
  let ack;
  const put = ctx.kv.put(c.prefix, name, value).then(() => (ack = now() - t0));
  const line = `${name} ${value}\n`;
  let file = null;
  let reload = null;
  try {
    const tf = await until(
      c.conf.out,
      () => destHas(c.conf, line),
      SAMPLE_TIMEOUT_MS,
      `${line.trim()} in ${c.conf.dest}`,
      basename(c.conf.dest),
    );
    file = tf - t0;
    const tr = await until(
      c.conf.out,
      () => reloadCount(c.conf) > reloadsBefore,
      SAMPLE_TIMEOUT_MS,
      `reload after ${line.trim()}`,
      basename(c.conf.reloads),
    );
    reload = tr - t0;
  } catch {
    // Counted as a timeout below.
  }
  await put;
  // From the log (ms resolution): when confetti started the render, i.e. event delivery + scheduling.
  const i = c.proc.counts.renders === rendersBefore + 1 ? rendersBefore : -1;
  const toRender = i < 0 ? null : c.proc.counts.renderEnd[i] - c.proc.counts.renderMs[i] - wall0;
  return { ack, file, reload, toRender };
}

async function latencyCase(ctx, name, n) {
  const c = await setUp(ctx, name, n);
  try {
    const warm = Math.min(10, SAMPLES);
    for (let i = 0; i < warm; i++) await sample(ctx, c, c.entries[i % n][0], `warm-${i}`);
    const rendersBefore = c.proc.counts.renderMs.length;
    const got = [];
    for (let i = 0; i < SAMPLES; i++) got.push(await sample(ctx, c, c.entries[(i * 7919) % n][0], `s${i}-${Date.now()}`));
    const ok = (k) => got.map((g) => g[k]).filter((x) => x !== null && x !== undefined);
    const timeouts = got.filter((g) => g.file === null || g.reload === null).length;
    // Per sample: how long after etcd acknowledged the put the file was in place (confetti's own share).
    const afterAck = got.filter((g) => g.file !== null && g.ack !== undefined).map((g) => g.file - g.ack);
    return {
      afterAck,
      toRender: ok('toRender'),
      keys: n,
      loadMs: c.loadMs,
      firstRenderMs: c.firstRenderMs,
      ack: ok('ack'),
      file: ok('file'),
      reload: ok('reload'),
      timeouts,
      rssKiB: c.proc.rssKiB(),
      renderMs: c.proc.counts.renderMs.slice(rendersBefore),
    };
  } finally {
    await c.proc.stop();
  }
}

async function burstCase(ctx) {
  const c = await setUp(ctx, 'burst', 10);
  try {
    const r0 = { renders: c.proc.counts.renders, reloads: c.proc.counts.reloads, lines: reloadCount(c.conf) };
    const t0 = now();
    await pool(
      Array.from({ length: BURST }, (_, i) => i),
      32,
      (i) => ctx.kv.put(c.prefix, c.entries[i % 10][0], `b${i}`),
    );
    const putMs = now() - t0;
    const want = expected(await ctx.kv.read(c.prefix));
    let correct = true;
    try {
      await until(c.conf.out, () => destIs(c.conf, want), 30_000, 'final burst content');
    } catch {
      correct = false;
    }
    const settleMs = now() - t0 - putMs;
    // Let any cycle still in flight finish and log before counting.
    let last = -1;
    while (last !== c.proc.counts.renders + c.proc.counts.reloads + reloadCount(c.conf)) {
      last = c.proc.counts.renders + c.proc.counts.reloads + reloadCount(c.conf);
      await sleep(1000);
    }
    correct &&= destIs(c.conf, want);
    return {
      putMs,
      settleMs,
      correct,
      renders: c.proc.counts.renders - r0.renders,
      reloadRecords: c.proc.counts.reloads - r0.reloads,
      reloadLines: reloadCount(c.conf) - r0.lines,
      failures: c.proc.counts.failures,
    };
  } finally {
    await c.proc.stop();
  }
}

async function rssCase(ctx) {
  const c = await setUp(ctx, 'rss', 10, { traceGc: true });
  const point = (done) => [done, c.proc.rssKiB(), c.proc.counts.heapAfterFullGc, c.proc.counts.fullGcs, c.proc.counts.heapCommitted];
  try {
    const points = [point(0)];
    const deadline = now() + RSS_MS;
    const t0 = now();
    let done = 0;
    for (let block = 0; block < CHANGES / 10_000 && now() < deadline; block++) {
      const base = block * 10_000;
      const width = 16;
      await pool(
        Array.from({ length: 10_000 }, (_, i) => base + i),
        width,
        async (i) => {
          if (now() >= deadline) return;
          await ctx.kv.put(c.prefix, c.entries[i % 10][0], `c${i}`);
          done++;
        },
      );
      points.push(point(done));
    }
    const writeMs = now() - t0;
    const want = expected(await ctx.kv.read(c.prefix));
    let caughtUp = true;
    try {
      await until(c.conf.out, () => destIs(c.conf, want), 60_000, 'content after the changes');
    } catch {
      caughtUp = false;
    }
    const catchUpMs = now() - t0 - writeMs;
    await sleep(2000);
    return {
      points,
      done,
      writeMs,
      catchUpMs,
      caughtUp,
      after: point(done),
      renders: c.proc.counts.renders,
      failures: c.proc.counts.failures,
    };
  } finally {
    await c.proc.stop();
  }
}

/** VmRSS, its anonymous and file-backed parts, and the resident brk heap (malloc's main arena), in KiB. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const smaps = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  const at = smaps.indexOf('[heap]');
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1]);
  return {
    rss: field('VmRSS'),
    anon: field('RssAnon'),
    file: field('RssFile'),
    brk: at < 0 ? 0 : Number(/Rss:\s+(\d+)/.exec(smaps.slice(at))?.[1]),
  };
}

async function idleCase(ctx) {
  const c = await setUp(ctx, 'idle', 3);
  try {
    await sleep(5000);
    return memoryOf(c.proc.pid);
  } finally {
    await c.proc.stop();
  }
}

/** `count` resources, each over its own prefix `${prefix}/rNNN` holding one key `addr`, each with its own dest. */
function makeManyConfdir(root, prefix, count) {
  const dir = mkdtempSync(join(root, 'many-'));
  const out = join(dir, 'out');
  for (const d of ['conf.d', 'templates', 'out']) mkdirSync(join(dir, d));
  writeFileSync(join(dir, 'templates', 'svc.hbs'), '{{#each (gets "/*")}}{{base key}} {{value}}\n{{/each}}');
  const names = Array.from({ length: count }, (_, i) => `r${String(i).padStart(3, '0')}`);
  for (const n of names) {
    writeFileSync(
      join(dir, 'conf.d', `${n}.yaml`),
      JSON.stringify({ src: 'svc.hbs', dest: join(out, `${n}.conf`), prefix: `${prefix}/${n}`, keys: ['/'] }),
    );
  }
  return { dir, out, names, dest: (n) => join(out, `${n}.conf`) };
}

async function manyCase(ctx) {
  const prefix = `/${ctx.backend === 'etcd' ? 'v3' : 'v2'}-many`;
  const conf = makeManyConfdir(ctx.root, prefix, MANY);
  await ctx.kv.load(
    prefix,
    conf.names.map((n) => [`${n}/addr`, 'seed']),
  );
  const t1 = now();
  // Debug: unchanged renders are logged too, so a change that re-renders other resources shows.
  const proc = startConfetti(conf, ctx.backend, ctx.url, `${ctx.backend}-many`, { logLevel: 'debug' });
  try {
    const all = () => conf.names.every((n) => readFileSync(conf.dest(n), 'utf8') === 'addr seed\n');
    await until(conf.out, all, 120_000, `first render of ${MANY} resources`);
    const firstRenderMs = now() - t1;
    await sleep(500);
    const file = [];
    const rendered = [];
    const samples = Math.min(SAMPLES, 100);
    for (let i = 0; i < samples; i++) {
      const n = conf.names[(i * 7919) % MANY];
      const before = proc.counts.rendered;
      const value = `s${i}-${Date.now()}`;
      const t0 = now();
      await ctx.kv.put(`${prefix}/${n}`, 'addr', value);
      const tf = await until(
        conf.out,
        () => readFileSync(conf.dest(n), 'utf8') === `addr ${value}\n`,
        SAMPLE_TIMEOUT_MS,
        `${n} = ${value}`,
        `${n}.conf`,
      );
      file.push(tf - t0);
      // The render record is written just after the file: wait for it before counting.
      await until(conf.out, () => proc.counts.rendered > before, SAMPLE_TIMEOUT_MS, `render record of ${n}`);
      await sleep(20);
      rendered.push(proc.counts.rendered - before);
    }
    return { resources: MANY, firstRenderMs, file, rendered, rssKiB: proc.rssKiB(), failures: proc.counts.failures };
  } finally {
    await proc.stop();
  }
}

/** What the output contract's durability costs here: write + fsync a small file, rename it, fsync the directory. */
function fsyncBaseline(dir, runs = 50) {
  const ms = [];
  const target = join(dir, 'fsync-probe');
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const fd = openSync(`${target}.stage`, 'w');
    writeSync(fd, `probe ${i}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(`${target}.stage`, target);
    const dfd = openSync(dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
    ms.push(now() - t0);
  }
  return ms;
}

/** Top self-time functions, and top inclusive-time confetti functions, of every .cpuprofile under `dir`. */
function summariseProfiles(dir) {
  const lines = [];
  for (const file of readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.cpuprofile'))) {
    const prof = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const parent = new Map(prof.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n.id])));
    const name = ({ functionName, url, lineNumber }) =>
      `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\//, '')}:${lineNumber + 1}` : ''}`.trim();
    const self = new Map();
    const inclusive = new Map();
    prof.samples.forEach((id, i) => {
      const ms = (prof.timeDeltas[i] ?? 0) / 1000;
      self.set(name(byId.get(id).callFrame), (self.get(name(byId.get(id).callFrame)) ?? 0) + ms);
      const seen = new Set();
      for (let n = id; n !== undefined; n = parent.get(n)) {
        const frame = byId.get(n).callFrame;
        if (frame.url.endsWith('confetti.js') || frame.functionName === 'ChildProcess.spawn') seen.add(name(frame));
      }
      for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    const busy = total - (self.get('(idle)') ?? 0);
    const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
    lines.push(`\n#### ${file}: ${(total / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s not idle\n`);
    lines.push(
      '| self ms | % of busy | function | | incl. ms | % of busy | confetti function (inclusive) |',
      '|---|---|---|---|---|---|---|',
    );
    const a = top(new Map([...self].filter(([k]) => k !== '(idle)')), 15);
    const b = top(new Map([...inclusive].filter(([k]) => !/^\(anonymous\) confetti\.js/.test(k))), 15);
    for (let i = 0; i < 15; i++) {
      const cell = (e) => (e ? `${e[1].toFixed(0)} | ${((100 * e[1]) / busy).toFixed(1)} | \`${e[0]}\`` : ' | | ');
      lines.push(`| ${cell(a[i])} | | ${cell(b[i])} |`);
    }
  }
  return lines.join('\n');
}

const f1 = (x) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(1));
const mib = (kib) => (kib / 1024).toFixed(1);

const root = mkdtempSync(join(tmpdir(), 'confetti-watch-bench-'));
const etcd = await startEtcd();
const http = httpClient(etcd.url, { maxSockets: 32 });
const started = new Date();
const fsyncMs = fsyncBaseline(root);
const results = [];
try {
  for (const backend of BACKENDS) {
    const ctx = { backend, url: etcd.url, kv: store(backend, http), root };
    const r = { backend, loadBefore: load() };
    console.error(`[${backend}] load ${r.loadBefore}`);
    if (ONLY.has('latency')) {
      r.latency = [];
      for (const [name, n] of [
        ['small', 10],
        ['big', BIG],
      ]) {
        r.latency.push(await latencyCase(ctx, name, n));
        console.error(`[${backend}] latency ${n} keys done, load ${load()}`);
      }
    }
    if (ONLY.has('burst')) {
      r.burst = await burstCase(ctx);
      console.error(`[${backend}] burst done, load ${load()}`);
    }
    if (ONLY.has('many')) {
      r.many = await manyCase(ctx);
      console.error(`[${backend}] many done, load ${load()}`);
    }
    if (ONLY.has('idle')) {
      r.idle = await idleCase(ctx);
      console.error(`[${backend}] idle done, load ${load()}`);
    }
    if (ONLY.has('rss')) {
      r.rss = await rssCase(ctx);
      console.error(`[${backend}] rss done, load ${load()}`);
    }
    r.loadAfter = load();
    results.push(r);
  }
} finally {
  http.close();
  await etcd.stop();
  rmSync(root, { recursive: true, force: true });
  cleanupProbe();
}

const out = [];
out.push(`## confetti watch benchmark`, '');
out.push(`- command: \`node bench/watch.mjs ${process.argv.slice(2).join(' ')}\``.replace(/ `$/, '`'));
out.push(`- node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${started.toISOString()}`);
out.push(
  `- etcd 3.4.23 single member on loopback (fsync on), confetti child per case: \`${/\.[cm]?js$/.test(CLI) ? `${PROF_DIR ? 'node --cpu-prof … ' : 'node '}${CLI}` : CLI} watch --confdir <tmp> --backend <backend> --endpoints <etcd> --log-format json --log-level info\` (no --wait)`,
);
out.push(
  `- fsync baseline in ${tmpdir()} (write + fsync + rename + fsync dir, 50 runs): p50 ${f1(median(fsyncMs))} ms, p99 ${f1(percentile(fsyncMs, 99))} ms`,
);
for (const r of results) out.push(`- load average (1/5/15 min) ${r.backend}: before ${r.loadBefore}, after ${r.loadAfter}`);
if (results.some((r) => r.latency)) {
  out.push('', `### 1. put → file / put → reload (${SAMPLES} sequential samples, ms)`, '');
  out.push(
    '| backend | keys | seed ms | first render ms | put ack p50 | file p50 | file p99 | file − ack p50 | reload p50 | reload p99 | put → render start p50 (log) | render+write p50 (log) | timeouts | RSS MiB |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    for (const l of r.latency ?? []) {
      out.push(
        `| ${r.backend} | ${l.keys} | ${l.loadMs.toFixed(0)} | ${l.firstRenderMs.toFixed(0)} | ${f1(median(l.ack))} | ${f1(median(l.file))} | ${f1(percentile(l.file, 99))} | ${f1(median(l.afterAck))} | ${f1(median(l.reload))} | ${f1(percentile(l.reload, 99))} | ${f1(median(l.toRender))} | ${f1(median(l.renderMs))} | ${l.timeouts} | ${mib(l.rssKiB)} |`,
      );
    }
  }
  const v3 = results.find((r) => r.backend === 'etcd')?.latency;
  const v2 = results.find((r) => r.backend === 'etcdv2')?.latency;
  if (v3 && v2) {
    out.push(
      '',
      v3.map((l, i) => `v2/v3 file p50 ratio at ${l.keys} keys: ${(median(v2[i].file) / median(l.file)).toFixed(2)}×`).join('; '),
    );
  }
}
if (results.some((r) => r.burst)) {
  out.push('', `### 2. burst of ${BURST} puts over 10 keys (32 in flight)`, '');
  out.push(
    '| backend | puts wall ms | last ack → file right ms | renders (written) | reloads (log / lines) | final content | errors logged |',
  );
  out.push('|---|---|---|---|---|---|---|');
  for (const { backend, burst: b } of results.filter((r) => r.burst)) {
    out.push(
      `| ${backend} | ${b.putMs.toFixed(0)} | ${b.settleMs.toFixed(0)} | ${b.renders} | ${b.reloadRecords} / ${b.reloadLines} | ${b.correct ? 'correct' : 'WRONG'} | ${b.failures} |`,
    );
  }
}
if (results.some((r) => r.rss)) {
  out.push('', `### 3. confetti VmRSS (MiB) across changes to 10 keys (16 in flight, ≤ ${RSS_MS / 1000} s of writes)`, '');
  const withRss = results.filter((r) => r.rss);
  out.push(
    'VmRSS from /proc; from the child\'s --trace-gc: "live" is V8\'s heap after the latest full GC (full GCs so far), "committed" the heap V8 holds after the latest GC of any kind.',
    '',
  );
  out.push(
    `| checkpoint | ${withRss.map((r) => `${r.backend}: changes | VmRSS MiB | live MB (full GCs) | committed MB`).join(' | ')} |`,
    `|---|${withRss.map(() => '---|---|---|---|').join('')}`,
  );
  const cell = (p) => (p ? `${p[0]} | ${mib(p[1])} | ${p[2] === undefined ? '—' : `${p[2]} (${p[3]})`} | ${p[4] ?? '—'}` : '— | — | — | —');
  const rows = Math.max(...withRss.map((r) => r.rss.points.length));
  for (let i = 0; i < rows; i++) {
    out.push(`| ${i === 0 ? 'after first render' : `after block ${i}`} | ${withRss.map(({ rss: s }) => cell(s.points[i])).join(' | ')} |`);
  }
  out.push(`| caught up + 2 s | ${withRss.map(({ rss: s }) => cell(s.after)).join(' | ')} |`);
  out.push(
    '',
    '| backend | changes | write s | changes/s | last ack → file right ms | renders | errors logged |',
    '|---|---|---|---|---|---|---|',
  );
  for (const { backend, rss: s } of withRss) {
    out.push(
      `| ${backend} | ${s.done} | ${(s.writeMs / 1000).toFixed(1)} | ${((s.done * 1000) / s.writeMs).toFixed(0)} | ${s.caughtUp ? s.catchUpMs.toFixed(0) : 'NOT caught up'} | ${s.renders} | ${s.failures} |`,
    );
  }
}
if (results.some((r) => r.many)) {
  out.push('', `### 4. ${MANY} resources (one prefix, one key each): put → that resource's file`, '');
  out.push(
    '| backend | first render of all ms | file p50 ms | file p99 ms | resources rendered per change (min / median / max) | RSS MiB | errors logged |',
    '|---|---|---|---|---|---|---|',
  );
  for (const { backend, many: m } of results.filter((r) => r.many)) {
    const rr = m.rendered;
    out.push(
      `| ${backend} | ${m.firstRenderMs.toFixed(0)} | ${f1(median(m.file))} | ${f1(percentile(m.file, 99))} | ${Math.min(...rr)} / ${median(rr)} / ${Math.max(...rr)} | ${mib(m.rssKiB)} | ${m.failures} |`,
    );
  }
}
if (results.some((r) => r.idle)) {
  out.push('', '### 5. idle watch, 3 keys, 5 s after the first render (MiB)', '');
  out.push('| backend | VmRSS | anonymous | file-backed | malloc brk heap |', '|---|---|---|---|---|');
  for (const { backend, idle: m } of results.filter((r) => r.idle))
    out.push(`| ${backend} | ${mib(m.rss)} | ${mib(m.anon)} | ${mib(m.file)} | ${mib(m.brk)} |`);
}
if (PROF_DIR) out.push('', '### CPU profiles of the confetti children (top self time)', summariseProfiles(PROF_DIR));
console.log(out.join('\n'));

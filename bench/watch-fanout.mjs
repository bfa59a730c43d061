// Watch fan-out over etcd's v3 JSON gateway, while a sibling prefix under the same ancestor is busy:
// N streams (one per prefix) vs ONE stream on their common ancestor vs ONE stream spanning [first prefix, last prefix + "0")
// (what src/backends/etcd-v3 does), the latter two filtering locally.
// Usage: node bench/watch-fanout.mjs [prefixes=20] [watchedWrites=1000] [noiseWrites=3000] [noiseBytes=2048]
// Starts its own etcd (ETCD_BIN, default "etcd") on a free loopback port and stops it by PID at the end.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const [N = 20, WATCHED = 1000, NOISE = 3000, NOISE_BYTES = 2048] = process.argv[2] === '--write' ? [] : process.argv.slice(2).map(Number);
const b64 = (s) => Buffer.from(s).toString('base64');
const agent = new http.Agent({ keepAlive: true });

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function post(base, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res
        .setEncoding('utf8')
        .on('data', (c) => (text += c))
        .on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** One watch stream; calls onEvents(events) per response; resolves `created` once the server confirmed. */
function openWatch(base, key, rangeEnd, startRevision, onEvents, counters) {
  let resolveCreated;
  const created = new Promise((r) => (resolveCreated = r));
  const body = JSON.stringify({ create_request: { key: b64(key), range_end: b64(rangeEnd), start_revision: String(startRevision) } });
  const req = http.request(`${base}/v3/watch`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
    res.setEncoding('utf8');
    let buf = '';
    res.on('data', (chunk) => {
      counters.bytes += Buffer.byteLength(chunk);
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        const { result } = JSON.parse(line);
        counters.responses++;
        if (result?.created) resolveCreated();
        if (result?.events) onEvents(result.events);
      }
    });
    res.on('error', () => {});
  });
  req.on('error', () => {});
  req.end(body);
  return { created, close: () => req.destroy() };
}

async function scenario(base, name, root, streams, sibling) {
  const prefixes = Array.from({ length: N }, (_, i) => `${root}/p${i}`);
  const isWatched = (k) => prefixes.some((p) => k === p || k.startsWith(`${p}/`));
  const { header } = await post(base, '/v3/kv/range', { key: b64('x') });
  const start = BigInt(header.revision) + 1n;
  const counters = { bytes: 0, responses: 0, delivered: 0, filtered: 0 };
  const latencies = [];
  const onEvents = (events) => {
    const now = performance.now();
    for (const e of events) {
      const key = Buffer.from(e.kv.key, 'base64').toString();
      if (!isWatched(key)) {
        counters.filtered++;
        continue;
      }
      counters.delivered++;
      latencies.push(performance.timeOrigin + now - Number(Buffer.from(e.kv.value, 'base64').toString()));
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ranges = {
    'per-prefix': prefixes.map((p) => [p, `${p}0`]),
    ancestor: [[root, `${root}0`]],
    // What src/backends/etcd-v3 does: [smallest prefix, largest prefix + "0").
    span: [[prefixes.toSorted()[0], `${prefixes.toSorted().at(-1)}0`]],
  }[streams];
  const watches = ranges.map(([key, end]) => openWatch(base, key, end, start, onEvents, counters));
  await Promise.all(watches.map((w) => w.created));
  const setupMs = performance.now() - t0;

  // The writer runs in its own process so clientCpuMs is the watcher's cost alone.
  const tw = performance.now();
  const writer = spawn(
    process.execPath,
    [import.meta.filename, '--write', base, root, sibling, ...[N, WATCHED, NOISE, NOISE_BYTES].map(String)],
    { stdio: 'inherit' },
  );
  await new Promise((r) => writer.once('exit', r));
  const deadline = Date.now() + 30_000;
  while (counters.delivered < WATCHED && Date.now() < deadline) await sleep(5);
  const wallMs = performance.now() - tw;
  const cpu = process.cpuUsage(cpu0);
  for (const w of watches) w.close();
  latencies.sort((a, b) => a - b);
  const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(2);
  return {
    strategy: name,
    busySibling: `${root}/${sibling}`,
    streams: watches.length,
    setupMs: setupMs.toFixed(1),
    delivered: `${counters.delivered}/${WATCHED}`,
    filteredLocally: counters.filtered,
    responses: counters.responses,
    MiBReceived: (counters.bytes / 1048576).toFixed(2),
    clientCpuMs: ((cpu.user + cpu.system) / 1000).toFixed(0),
    writesWallMs: wallMs.toFixed(0),
    latencyP50ms: pct(0.5),
    latencyP99ms: pct(0.99),
  };
}

/** Writer mode: watched writes spread over the prefixes, interleaved with a busy sibling's, 8 in flight. */
async function write(base, root, sibling, n, watched, noiseCount, noiseBytes) {
  const noise = 'n'.repeat(noiseBytes);
  const now = () => String(performance.timeOrigin + performance.now());
  const ops = [];
  for (let i = 0; i < Math.max(watched, noiseCount); i++) {
    if (i < watched) ops.push(() => post(base, '/v3/kv/put', { key: b64(`${root}/p${i % n}/k${i % 50}`), value: b64(now()) }));
    if (i < noiseCount) ops.push(() => post(base, '/v3/kv/put', { key: b64(`${root}/${sibling}/k${i % 50}`), value: b64(noise) }));
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < ops.length) await ops[next++]();
    }),
  );
  agent.destroy();
}

if (process.argv[2] === '--write') {
  const [base, root, sibling, ...nums] = process.argv.slice(3);
  await write(base, root, sibling, ...nums.map(Number));
  process.exit(0);
}

const dir = await mkdtemp(join(tmpdir(), 'confetti-bench-'));
const [client, peer] = [await freePort(), await freePort()];
const base = `http://127.0.0.1:${client}`;
const etcd = spawn(
  process.env.ETCD_BIN ?? 'etcd',
  [
    '--data-dir',
    dir,
    '--listen-client-urls',
    base,
    '--advertise-client-urls',
    base,
    '--listen-peer-urls',
    `http://127.0.0.1:${peer}`,
    '--initial-advertise-peer-urls',
    `http://127.0.0.1:${peer}`,
    '--initial-cluster',
    `default=http://127.0.0.1:${peer}`,
    '--log-level',
    'error',
    '--logger',
    'zap',
  ],
  { stdio: 'ignore' },
);
try {
  for (let i = 0; ; i++) {
    try {
      await post(base, '/v3/kv/range', { key: b64('x') });
      break;
    } catch (error) {
      if (i > 200) throw error;
      await sleep(50);
    }
  }
  console.log(`prefixes=${N} watchedWrites=${WATCHED} noiseWrites=${NOISE} noiseBytes=${NOISE_BYTES}`);
  const rows = [];
  // The busy sibling sorts before the prefixes ("busy" < "p0": outside the span) or between them ("p0-busy": inside).
  let n = 0;
  await scenario(base, 'warm-up', `/r${n++}`, 'per-prefix', 'busy');
  for (let round = 0; round < 2; round++) {
    rows.push(await scenario(base, 'per-prefix', `/r${n++}`, 'per-prefix', 'busy'));
    rows.push(await scenario(base, 'ancestor', `/r${n++}`, 'ancestor', 'busy'));
    rows.push(await scenario(base, 'span', `/r${n++}`, 'span', 'busy'));
    rows.push(await scenario(base, 'span', `/r${n++}`, 'span', 'p0-busy'));
  }
  console.table(rows);
} finally {
  agent.destroy();
  etcd.kill('SIGTERM');
  await new Promise((r) => etcd.once('exit', r));
  await rm(dir, { recursive: true, force: true });
}

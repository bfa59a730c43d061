// etcd v2 watch fan-out: one long-poll per prefix vs one on their common ancestor filtered locally,
// with a busy neighbour under the same ancestor; plus how often parallel snapshot GETs agree on one index.
// Usage: node bench/v2-fanout.mjs [prefixes=8] [neighbourWrites=3000] [watchedWrites=200]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import { median, percentile } from './lib.mjs';

const [PREFIXES = 8, NEIGHBOUR = 3000, WATCHED = 200] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'confetti-v2-bench-'));

// Bundle the real backend so the figures are for the code that ships, not a re-implementation.
const entry =
  "export { createEtcdV2Source } from './src/backends/etcd-v2/source.ts'; export { EtcdV2Client } from './src/backends/etcd-v2/client.ts';";
await build({
  stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: join(dir, 'v2.mjs'),
  logLevel: 'error',
});
const { createEtcdV2Source, EtcdV2Client } = await import(join(dir, 'v2.mjs'));

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const [client, peer] = [await freePort(), await freePort()];
const url = `http://127.0.0.1:${client}`;
const etcd = spawn(
  'etcd',
  [
    '--name',
    'b',
    '--data-dir',
    join(dir, 'data'),
    '--enable-v2=true',
    '--log-level',
    'error',
    '--logger',
    'zap',
    '--listen-client-urls',
    url,
    '--advertise-client-urls',
    url,
    '--listen-peer-urls',
    `http://127.0.0.1:${peer}`,
    '--initial-advertise-peer-urls',
    `http://127.0.0.1:${peer}`,
    '--initial-cluster',
    `b=http://127.0.0.1:${peer}`,
  ],
  { stdio: 'ignore' },
);

try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/v2/keys/`)).ok) break;
    } catch {
      if (i > 200) throw new Error('etcd did not start');
    }
    await sleep(50);
  }
  const put = async (key, value) => {
    const res = await fetch(`${url}/v2/keys${key}`, {
      method: 'PUT',
      body: `value=${value}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    return JSON.parse(await res.text());
  };
  const metric = async (name) => {
    const text = await (await fetch(`${url}/metrics`)).text();
    return Number(
      text
        .split('\n')
        .find((l) => l.startsWith(name + ' '))
        ?.split(' ')[1] ?? 0,
    );
  };
  const prefixes = Array.from({ length: PREFIXES }, (_, i) => `/svc/p${i}`);
  for (const p of prefixes) await put(`${p}/seed`, 'x');

  console.log(
    `etcd v2 fan-out: ${PREFIXES} prefixes under /svc, ${NEIGHBOUR} writes to neighbour /svc/busy, ${WATCHED} to the watched prefixes`,
  );
  console.log('mode        watch-reqs  reqs/delivered  latency p50/p95 ms  resyncs  sockets  wall ms');
  for (const fanout of ['per-prefix', 'ancestor']) {
    const source = createEtcdV2Source({ endpoints: [url], dialTimeoutMs: 1000, requestTimeoutMs: 2000, fanout });
    const ac = new AbortController();
    const snap = await source.snapshot(prefixes, { signal: ac.signal });
    const sent = new Map();
    const latencies = [];
    let resyncs = 0;
    let delivered = 0;
    const consumer = (async () => {
      for await (const item of source.watch(prefixes, snap.revision, { signal: ac.signal })) {
        if (item.type === 'resync') resyncs++;
        if (item.type !== 'change') continue;
        for (const e of item.events) {
          const t = sent.get(`${e.key}=${e.value}`);
          if (t !== undefined) {
            latencies.push(performance.now() - t);
            delivered++;
          }
        }
      }
    })();
    await sleep(200);
    const before = await metric('etcd_debugging_store_watch_requests_total');
    const t0 = performance.now();
    // Neighbour load in 4 concurrent writers, watched writes interleaved at an even pace.
    const neighbour = Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = w; i < NEIGHBOUR; i += 4) await put(`/svc/busy/k${i % 50}`, String(i));
      }),
    );
    for (let i = 0; i < WATCHED; i++) {
      const key = `${prefixes[i % PREFIXES]}/k`;
      sent.set(`${key}=${i}`, performance.now());
      await put(key, String(i));
      await sleep(2);
    }
    await neighbour;
    const deadline = performance.now() + 10_000;
    while (delivered < WATCHED && resyncs === 0 && performance.now() < deadline) await sleep(10);
    const wall = performance.now() - t0;
    const reqs = (await metric('etcd_debugging_store_watch_requests_total')) - before;
    ac.abort();
    await consumer;
    await source.close();
    const sockets = fanout === 'per-prefix' ? PREFIXES : 1;
    const lat = latencies.length ? `${median(latencies).toFixed(1)}/${percentile(latencies, 95).toFixed(1)}` : 'n/a';
    console.log(
      `${fanout.padEnd(11)} ${String(reqs).padStart(10)}  ${(reqs / Math.max(1, delivered)).toFixed(2).padStart(14)}  ${lat.padStart(18)}  ${String(resyncs).padStart(7)}  ${String(sockets).padStart(7)}  ${wall.toFixed(0).padStart(7)}   delivered ${delivered}/${WATCHED}`,
    );
  }

  // Snapshot: do parallel per-prefix GETs land on one X-Etcd-Index while the neighbour is busy?
  const v2 = new EtcdV2Client({ endpoints: [url], dialTimeoutMs: 1000, requestTimeoutMs: 2000 });
  let busy = true;
  const load = Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; busy; i++) await put(`/svc/busy/k${(i * 4 + w) % 50}`, String(i));
    }),
  );
  const rounds = 200;
  let agree = 0;
  const perPrefixMs = [];
  const ancestorMs = [];
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    const trees = await Promise.all(prefixes.map((p) => v2.getTree(p)));
    perPrefixMs.push(performance.now() - t);
    if (trees.every((x) => x.index === trees[0].index)) agree++;
    t = performance.now();
    await v2.getTree('/svc');
    ancestorMs.push(performance.now() - t);
  }
  busy = false;
  await load;
  v2.close();
  console.log(
    `snapshot under load: parallel GETs agreed on one index in ${agree}/${rounds} rounds; ` +
      `median ${median(perPrefixMs).toFixed(2)} ms for ${PREFIXES} GETs vs ${median(ancestorMs).toFixed(2)} ms for one GET of /svc`,
  );
} finally {
  etcd.kill('SIGTERM');
  await new Promise((r) => etcd.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}

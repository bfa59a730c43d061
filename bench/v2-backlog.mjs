// node bench/v2-backlog.mjs — where re-reading a v2 prefix beats replaying its backlog one long-poll per event.
// For 10 and 10,000 keys under the prefix: the time of one recursive GET (what a re-read costs, before parsing and
// the mirror's diff) against N long-polls answered from etcd's event history (what replaying N events costs).
// The crossover N = GET ms / ms per replayed event is what BACKLOG_RESYNC in src/backends/etcd-v2/poll-loop.ts
// is set from. Bounded: one etcd, stopped by PID at the end.
import { loadavg } from 'node:os';
import { httpClient, startEtcd } from './etcd-proc.mjs';
import { median } from './lib.mjs';

const RUNS = Number(process.env.RUNS ?? 15);
const EVENTS = 200;
const now = () => performance.now();
const etcd = await startEtcd();
const http = httpClient(etcd.url, { maxSockets: 32 });
const rows = [];
try {
  for (const keys of [10, 10_000]) {
    const prefix = `/backlog-${keys}`;
    const names = Array.from({ length: keys }, (_, i) => `k${String(i).padStart(5, '0')}`);
    for (let i = 0; i < names.length; i += 64)
      await Promise.all(names.slice(i, i + 64).map((n) => http.form('PUT', `/v2/keys${prefix}/${n}`, { value: `seed-${n}` })));
    const get = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = now();
      const body = await http.get(`/v2/keys${prefix}?recursive=true&sorted=true`);
      get.push(now() - t0);
      if ((body.node.nodes ?? []).length !== keys) throw new Error(`read ${body.node.nodes?.length} keys, wanted ${keys}`);
    }
    // EVENTS writes under the prefix, then replay them as a poll loop does: waitIndex = last modifiedIndex + 1.
    const first = BigInt((await http.form('PUT', `/v2/keys${prefix}/${names[0]}`, { value: 'b0' })).node.modifiedIndex);
    for (let i = 1; i < EVENTS; i++) await http.form('PUT', `/v2/keys${prefix}/${names[i % keys]}`, { value: `b${i}` });
    const perEvent = [];
    for (let r = 0; r < Math.min(RUNS, 5); r++) {
      let next = first;
      const t0 = now();
      for (let i = 0; i < EVENTS; i++) {
        const ev = await http.get(`/v2/keys${prefix}?wait=true&recursive=true&waitIndex=${next}`);
        next = BigInt(ev.node.modifiedIndex) + 1n;
      }
      perEvent.push((now() - t0) / EVENTS);
    }
    rows.push({ keys, get: median(get), perEvent: median(perEvent) });
  }
} finally {
  http.close();
  await etcd.stop();
}
console.log(
  `node ${process.version}, runs ${RUNS}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log('| keys under the prefix | recursive GET ms (p50) | one replayed event ms (p50) | crossover (events) |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.keys} | ${r.get.toFixed(2)} | ${r.perEvent.toFixed(2)} | ${(r.get / r.perEvent).toFixed(1)} |`);

// node bench/oneshot-v3.mjs — `confetti render` against a real etcd v3 (one resource, 10 and 10,000 keys, output
// unchanged after a warm-up): wall time, CPU time (user + system: steadier than wall time on a busy machine) and peak
// RSS from GNU time, medians of RUNS, builds interleaved run by run.
// CONFETTI_CLIS=a.js,b.js compares builds (default dist/confetti.js); ALSO='label=/path/cmd args…' times another
// command in the same rounds ({url} = the etcd client URL, {prefix} = the keys' prefix, {dir} = a scratch directory
// per case), peak RSS via GNU time, e.g. another tool rendering the same template.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEtcd, httpClient } from './etcd-proc.mjs';
import { median } from './lib.mjs';

const RUNS = Number(process.env.RUNS ?? 15);
const CLIS = (process.env.CONFETTI_CLIS ?? 'dist/confetti.js')
  .split(',')
  .filter(Boolean)
  .map((p) => resolve(p));
const ALSO = process.env.ALSO ? [process.env.ALSO] : [];
const KEYS = (process.env.KEYS ?? '10,10000').split(',').filter(Boolean).map(Number);

function makeConfdir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), 'confetti-oneshot-v3-'));
  mkdirSync(join(dir, 'conf.d'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'conf.d', 'app.yaml'), `src: app.hbs\ndest: out/app.conf\ncreate_dirs: true\nkeys:\n  - ${prefix}\n`);
  writeFileSync(join(dir, 'templates', 'app.hbs'), `{{#each (gets "${prefix}/*")}}{{base key}} = {{value}}\n{{/each}}`);
  return dir;
}

/** Wall time, CPU time and peak RSS (GNU time) of one run of a command. */
function measureCommand(argv, env = {}) {
  const out = join(tmpdir(), `confetti-oneshot-v3-time-${process.pid}`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', out, ...argv], { encoding: 'utf8', env: { ...process.env, ...env } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [user, sys, rss] = readFileSync(out, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  rmSync(out, { force: true });
  return { ms, cpuMs: (user + sys) * 1000, rssKiB: rss };
}

const cacheDirs = CLIS.map(() => mkdtempSync(join(tmpdir(), 'confetti-oneshot-v3-cache-')));
const etcd = await startEtcd();
const http = httpClient(etcd.url);
const b64 = (s) => Buffer.from(s).toString('base64');
const rows = [];
try {
  for (const n of KEYS) {
    const prefix = `/app${n}`;
    const puts = Array.from({ length: n }, (_, i) => ({
      request_put: { key: b64(`${prefix}/key${String(i).padStart(5, '0')}`), value: b64(`value-${i}`) },
    }));
    for (let i = 0; i < puts.length; i += 100) await http.post('/v3/kv/txn', { success: puts.slice(i, i + 100) });
    const cases = CLIS.map((cli, i) => {
      const dir = makeConfdir(prefix);
      const args = [cli, 'render', '--confdir', dir, '--backend', 'etcd', '--endpoints', etcd.url];
      // One compile cache per build: a build deletes a cache made from another bundle.
      return { label: `${cli}`, dir, run: () => measureCommand([process.execPath, ...args], { XDG_CACHE_HOME: cacheDirs[i] }) };
    });
    for (const also of ALSO) {
      const at = also.indexOf('=');
      const dir = mkdtempSync(join(tmpdir(), 'confetti-oneshot-v3-also-'));
      const argv = also
        .slice(at + 1)
        .replaceAll('{url}', etcd.url)
        .replaceAll('{prefix}', prefix)
        .replaceAll('{dir}', dir)
        .split(' ')
        .filter(Boolean);
      cases.push({ label: also.slice(0, at), dir, run: () => measureCommand(argv) });
    }
    for (const c of cases) c.run(); // warm-up: the first run writes the file, later ones find it unchanged
    const results = cases.map(() => ({ ms: [], cpuMs: [], rssKiB: [] }));
    for (let i = 0; i < RUNS; i++) {
      for (const [j, c] of cases.entries()) {
        const m = c.run();
        for (const k of ['ms', 'cpuMs', 'rssKiB']) results[j][k].push(m[k]);
      }
    }
    for (const [j, c] of cases.entries()) rows.push([n, c.label, results[j]]);
    for (const c of cases) rmSync(c.dir, { recursive: true, force: true });
  }
} finally {
  http.close();
  await etcd.stop();
  for (const d of cacheDirs) rmSync(d, { recursive: true, force: true });
}
console.log(
  `node ${process.version}, etcd ${etcd.url}, ${RUNS} interleaved runs per case, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log('| keys | command | wall ms | CPU ms (user + sys) | peak RSS MiB |');
console.log('|---|---|---|---|---|');
for (const [n, label, m] of rows) {
  console.log(`| ${n} | ${label} | ${median(m.ms).toFixed(1)} | ${median(m.cpuMs).toFixed(0)} | ${(median(m.rssKiB) / 1024).toFixed(1)} |`);
}

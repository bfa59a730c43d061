// npm run bench:oneshot — wall time and peak RSS of `confetti render` (file backend) beside bare `node -e 0`.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanupProbe, measureNode, median } from './lib.mjs';

const runs = Number(process.env.RUNS ?? 20);
const cli = resolve('dist/confetti.js');

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
for (const keys of [3, 10_000]) {
  const dir = makeConfdir(keys);
  // One warm-up so the first run's write does not count; later runs see unchanged output (the common case).
  measureNode([cli, 'render', '--confdir', dir, '--backend', 'file', '--file', join(dir, 'data.json')], { runs: 1 });
  const args = [cli, 'render', '--confdir', dir, '--backend', 'file', '--file', join(dir, 'data.json')];
  rows.push([`render 1 resource / ${keys} keys`, measureNode(args, { runs })]);
  rows.push([`render 1 resource / ${keys} keys, no compile cache`, measureNode(args, { runs, env: { CONFETTI_COMPILE_CACHE: '0' } })]);
  rmSync(dir, { recursive: true, force: true });
}
cleanupProbe();

const base = median(baseline.ms);
console.log(`runs per case: ${runs}, node ${process.version}`);
console.log('| case | median ms | overhead vs node -e 0 | peak RSS MiB (median) |');
console.log('|---|---|---|---|');
for (const [name, m] of rows) {
  const med = median(m.ms);
  console.log(`| ${name} | ${med.toFixed(1)} | ${name === 'node -e 0' ? '—' : `+${(med - base).toFixed(1)} ms`} | ${(median(m.rssKiB) / 1024).toFixed(1)} |`);
}

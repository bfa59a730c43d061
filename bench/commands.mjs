// Per-command cost: how long runCommand ('true' through /bin/sh, own process group, output tail) takes, and the
// first command of a fresh process (which also loads the runner). Builds src/commands as the CLI build does (one
// CommonJS bundle) from the work tree and, with --against REF, from a git ref, then alternates rounds of the two
// so the shared machine's drift hits both alike.
//   node bench/commands.mjs [--against HEAD~1] [--rounds 10] [--per-round 40]
import { bundleOptions } from '../scripts/esbuild-options.mjs';
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median, percentile } from './lib.mjs';

const { values: args } = parseArgs({
  options: { against: { type: 'string' }, rounds: { type: 'string', default: '10' }, 'per-round': { type: 'string', default: '40' } },
});
const repo = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'confetti-bench-commands-'));

// The measured program: first command (runner load included), then `perRound` more, each timed; JSON on stdout.
const driver = `
const { runCommand } = require(process.argv[2]);
const perRound = Number(process.argv[3]);
const signal = new AbortController().signal;
const ms = () => Number(process.hrtime.bigint()) / 1e6;
(async () => {
  let t = ms();
  const first = await runCommand('true', { timeoutMs: 60000, signal });
  if (first.exitCode !== 0) throw new Error('true failed: ' + first.output);
  const firstMs = ms() - t;
  const each = [];
  for (let i = 0; i < perRound; i++) {
    t = ms();
    await runCommand('true', { timeoutMs: 60000, signal });
    each.push(ms() - t);
  }
  process.stdout.write(JSON.stringify({ firstMs, each }));
})();
`;
writeFileSync(join(work, 'driver.cjs'), driver);

async function bundle(label, srcRoot) {
  const outfile = join(work, `${label}.cjs`);
  // The product's own bundle options, with this checkout's node_modules for an older source root (--against).
  await build({
    ...bundleOptions(join(srcRoot, 'src/commands/run-command.ts'), outfile),
    nodePaths: [join(repo, 'node_modules')],
    logLevel: 'error',
  });
  return outfile;
}

const builds = [{ label: 'work tree', file: await bundle('work', repo), first: [], each: [] }];
if (args.against !== undefined) {
  const refRoot = join(work, 'ref');
  execFileSync('sh', ['-c', `mkdir -p '${refRoot}' && git -C '${repo}' archive '${args.against}' src | tar -x -C '${refRoot}'`]);
  builds.push({ label: args.against, file: await bundle('ref', refRoot), first: [], each: [] });
}

const rounds = Number(args.rounds);
const loadBefore = loadavg()[0];
for (let r = 0; r < rounds; r++) {
  for (const b of r % 2 === 0 ? builds : [...builds].reverse()) {
    const run = spawnSync(process.execPath, [join(work, 'driver.cjs'), b.file, args['per-round']], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${b.label}: ${run.stderr}`);
    const { firstMs, each } = JSON.parse(run.stdout);
    b.first.push(firstMs);
    b.each.push(...each);
  }
}
const loadAfter = loadavg()[0];
rmSync(work, { recursive: true, force: true });

const f = (x) => x.toFixed(2);
console.log(
  `node ${process.version}, ${rounds} alternating rounds × ${args['per-round']} commands; load average (1 min) ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`,
);
console.log('build'.padEnd(16), 'per command p50', 'p90'.padStart(7), '  first command (incl. load) p50');
for (const b of builds) {
  console.log(
    b.label.padEnd(16),
    `${f(median(b.each))} ms`.padStart(15),
    `${f(percentile(b.each, 90))}`.padStart(7),
    `${f(median(b.first))} ms`.padStart(20),
  );
}

// Shared benchmark helpers: run a command many times, report median wall time and peak RSS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const probeDir = mkdtempSync(join(tmpdir(), 'confetti-bench-'));
const probe = join(probeDir, 'rss-probe.cjs');
// Preloaded into every measured node process: prints its peak RSS at exit (Node has no rusage of children).
writeFileSync(probe, `process.on('exit', () => require('fs').writeFileSync(process.env.RSS_OUT, String(process.resourceUsage().maxRSS)));`);

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Run `node ...args` `runs` times; returns { ms: number[], rssKiB: number[] }. */
export function measureNode(args, { runs = 20, cwd, env } = {}) {
  const ms = [];
  const rssKiB = [];
  const rssOut = join(probeDir, 'rss');
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', probe, ...args], {
      cwd,
      env: { ...process.env, ...env, RSS_OUT: rssOut },
      encoding: 'utf8',
    });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    ms.push(Number(t1 - t0) / 1e6);
    rssKiB.push(Number(readFileSync(rssOut, 'utf8')));
  }
  return { ms, rssKiB };
}

/** Run an executable (the single executable, another Node) `runs` times; the probe rides in NODE_OPTIONS. */
export function measureExec(file, args, { runs = 20, cwd, env } = {}) {
  const ms = [];
  const rssKiB = [];
  const rssOut = join(probeDir, 'rss');
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(file, args, {
      cwd,
      env: { ...process.env, ...env, NODE_OPTIONS: `--require ${probe}`, RSS_OUT: rssOut },
      encoding: 'utf8',
    });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    ms.push(Number(t1 - t0) / 1e6);
    rssKiB.push(Number(readFileSync(rssOut, 'utf8')));
  }
  return { ms, rssKiB };
}

export function cleanupProbe() {
  rmSync(probeDir, { recursive: true, force: true });
}

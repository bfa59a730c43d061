// Long chaos soak: `npm run soak -- 10m` (default 5m; also 90s, 1h, or plain seconds). Build first (the soak runs dist/).
// Runs test/reliability/soak.test.ts with CONFETTI_SOAK_MS set; a seed can be replayed with CONFETTI_SOAK_SEED.
import { spawnSync } from 'node:child_process';

const arg = process.argv[2] ?? '5m';
const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(arg);
if (!match) {
  console.error(`soak: bad duration "${arg}" (use e.g. 90s, 10m, 1h)`);
  process.exit(2);
}
const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'];
const ms = Math.round(Number(match[1]) * unit);
const result = spawnSync('npx', ['vitest', 'run', 'test/reliability/soak.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, CONFETTI_SOAK_MS: String(ms) },
});
process.exit(result.status ?? 1);

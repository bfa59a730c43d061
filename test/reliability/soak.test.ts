// Chaos soak, short form (npm test). The long form: `npm run soak -- 10m` (scripts/soak.mjs sets CONFETTI_SOAK_MS).
import { expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { runSoak } from './soak-run.js';

const tempDir = useTempDirs('confetti-soak-');
const durationMs = Number(process.env.CONFETTI_SOAK_MS ?? 25_000);
const seed = process.env.CONFETTI_SOAK_SEED === undefined ? undefined : Number(process.env.CONFETTI_SOAK_SEED);

it('keeps every invariant through writes, txns, member stops/kills/pauses and compaction', { timeout: durationMs + 90_000 }, async () => {
  const report = await runSoak({ dir: await tempDir(), durationMs, seed, log: (l) => console.log(l) });
  expect(report.violations).toEqual([]);
  expect(report.ops.puts + report.ops.deletes + report.ops.txns).toBeGreaterThan(100);
  expect(Object.values(report.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
  expect(report.observedVersions).toBeGreaterThan(1);
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_PACKAGES } from '../../test/ship/runners.js';
import { HEAP_FLAGS } from './heap-flags.js';

const require = createRequire(import.meta.url);

// Allocates briefly-live objects at a high rate, then prints the young generation's size in MiB.
const PROBE = `
if (process.env.PROBE_FLAG) require('node:v8').setFlagsFromString(process.env.PROBE_FLAG);
let keep = [];
for (let i = 0; i < 3e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 20000) keep = []; }
const space = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
console.log(space.space_size / 2 ** 20);
`;

function youngGenerationMiB(node: string, flag: string): number {
  return Number(execFileSync(node, ['-e', PROBE], { encoding: 'utf8', env: { ...process.env, PROBE_FLAG: flag } }).trim());
}

describe('the heap flags confetti sets on itself', () => {
  // Every Node confetti runs on (engines; the single executable embeds 24): V8 renaming or ignoring the flag fails here.
  for (const [major, pkg] of Object.entries(NODE_PACKAGES)) {
    it(`keeps the young generation near 2 MiB when set at run time, and knows every flag, on Node ${major}`, () => {
      const node = join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', 'node');
      // Unflagged, the probe grows new space to 32 MiB (Node 20, 22) or 64 MiB (24). Flagged it stays at its initial
      // 2 MiB, but a scavenge under CPU contention may briefly hold a page or a few more (2.25 and 3.25 MiB seen with
      // 24 parallel probes and in a full CI run): the bound is 4 MiB, still an eighth of the unflagged size.
      expect(youngGenerationMiB(node, '')).toBeGreaterThanOrEqual(16);
      expect(youngGenerationMiB(node, HEAP_FLAGS)).toBeLessThanOrEqual(4);
      // V8 ignores an unknown flag at run time: each must still be one of this Node's.
      const known = execFileSync(node, ['--v8-options'], { encoding: 'utf8' });
      for (const flag of HEAP_FLAGS.split(' ')) expect(known).toContain(`  ${flag.split('=')[0] ?? flag} (`);
    });
  }

  it('is the flag scripts/loader.js sets before compiling the bundle', () => {
    const loader = readFileSync(new URL('../../scripts/loader.js', import.meta.url), 'utf8');
    expect(loader).toContain(`setFlagsFromString('${HEAP_FLAGS}')`);
  });
});

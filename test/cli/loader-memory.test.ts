// dist/confetti.js reads its bundle in 64 KiB pieces so glibc keeps giving freed memory back (scripts/loader.js,
// readBundle): one 1 MiB read raises glibc's trim threshold for the whole process and ~7.6 MiB stay in RSS. Checked on
// Node 20 (engines' oldest): Node 22 and 24 free a 260 KiB block of their own before any JavaScript runs, which raises
// the threshold anyway (docs/performance.md).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { NODE_PACKAGES } from '../ship/runners.js';
import { CLI } from './run-cli.js';

const tempDir = useTempDirs();
const BUNDLE = resolve(CLI, '../confetti-bundle.cjs');
// Preloaded: at exit, prints the resident KiB of the brk heap (malloc's main arena) from /proc/self/smaps.
const PROBE = `process.on('exit', () => {
  const smaps = require('node:fs').readFileSync('/proc/self/smaps', 'utf8');
  const at = smaps.indexOf('[heap]');
  process.stderr.write('HEAP_KIB=' + (at < 0 ? -1 : /Rss:\\s+(\\d+)/.exec(smaps.slice(at))[1]) + '\\n');
});`;
const hasBrkHeap = process.platform === 'linux' && existsSync('/proc/self/smaps');

async function heapKiB(args: string[]): Promise<number> {
  const probe = join(await tempDir(), 'probe.cjs');
  writeFileSync(probe, PROBE);
  const node = join(dirname(createRequire(import.meta.url).resolve(`${NODE_PACKAGES[20]}/package.json`)), 'bin', 'node');
  // No compile cache: every start compiles, as in a container whose cache directory is not kept.
  const run = spawnSync(node, ['--require', probe, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, CONFETTI_COMPILE_CACHE: '0' },
  });
  expect(run.status, run.stderr).toBe(0);
  return Number(/HEAP_KIB=(-?\d+)/.exec(run.stderr)?.[1]);
}

describe.skipIf(!hasBrkHeap)('the loader of dist/confetti.js on Node 20', () => {
  it('leaves the malloc heap small after compiling the bundle (a single readFileSync leaves ~10 MiB)', async () => {
    const viaLoader = await heapKiB([CLI, '--version']);
    expect(viaLoader).toBeGreaterThan(0);
    // The same bundle read in one piece: shows the probe sees the retained memory this loader avoids.
    const onePiece = await heapKiB(['-e', `process.argv[2] = '--version'; require(${JSON.stringify(BUNDLE)})`]);
    expect(onePiece).toBeGreaterThan(7 * 1024);
    expect(viaLoader).toBeLessThan(6 * 1024);
  });
});

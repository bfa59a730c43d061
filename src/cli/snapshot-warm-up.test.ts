import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { warmUpForSnapshot } from './snapshot-warm-up.js';

const tempDir = useTempDirs('confetti-warm-up-');

describe('the snapshot warm-up', () => {
  // It runs inside the executable's build (sea-main.ts): a render that fails there fails the build.
  it('renders both resources (written, then unchanged, then a dry run) and leaves nothing behind', async () => {
    const parent = await tempDir();
    expect(await warmUpForSnapshot(parent)).toEqual([
      ['written', 'written'],
      ['unchanged', 'unchanged'],
      ['unchanged', 'unchanged'],
    ]);
    expect(await readdir(parent)).toEqual([]);
  });
});

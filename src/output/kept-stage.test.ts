import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_CONTAINS_SH } from '../../test/fixtures/commands/fixtures.js';
import { CheckFailedError } from '../errors.js';
import { makeTempDir, options, removeTempDir, stageFilesIn, target } from './test-support.js';
import { writeOutput } from './write-output.js';

describe('--keep-stage-file across retries', () => {
  let dir: string;
  let dest: string;
  beforeEach(async () => {
    dir = await makeTempDir();
    dest = join(dir, 'app.conf');
  });
  afterEach(async () => removeTempDir(dir));

  it('keeps only the latest failed stage file and names it in the error', async () => {
    await writeFile(dest, 'good\n');
    const t = target(dest, { checkCmd: `${CHECK_CONTAINS_SH} {{src}} must-be-there` });
    const fail = async (content: string): Promise<CheckFailedError> => {
      const error = await writeOutput(t, content, options({ keepStageFile: true })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckFailedError);
      return error as CheckFailedError;
    };
    await fail('bad 1\n');
    const second = await fail('bad 2\n');
    const third = await fail('bad 3\n');
    const kept = await stageFilesIn(dir);
    expect(kept).toHaveLength(1);
    const path = join(dir, kept[0] ?? '');
    expect(await readFile(path, 'utf8')).toBe('bad 3\n');
    expect(third.message).toContain(`stage file kept at ${path}`);
    expect(second.message).not.toContain(path);
    // A successful write leaves no stage file behind.
    expect(await writeOutput(t, 'must-be-there\n', options({ keepStageFile: true }))).toMatchObject({ outcome: 'written' });
    expect(await stageFilesIn(dir)).toEqual([]);
  });
});

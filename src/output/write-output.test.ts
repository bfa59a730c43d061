import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, open, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CheckFailedError } from '../errors.js';
import { shellQuote } from '../commands/shell-quote.js';
import { writeOutput } from './write-output.js';
import { makeTempDir, options, removeTempDir, stageFilesIn, target } from './test-support.js';
import { CHECK_CONTAINS_SH, FAIL_SH, waitUntil } from '../../test/fixtures/commands/fixtures.js';

let dir: string;
let dest: string;
const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o7777;

beforeEach(async () => {
  dir = await makeTempDir();
  dest = join(dir, 'app.cfg');
});
afterEach(async () => {
  await removeTempDir(dir);
});

describe('writeOutput: write and compare', () => {
  it('writes a new file with mode 0644 by default', async () => {
    expect(await writeOutput(target(dest), 'hello\n', options())).toEqual({ outcome: 'written' });
    expect(await readFile(dest, 'utf8')).toBe('hello\n');
    expect(await modeOf(dest)).toBe(0o644);
    expect(await stageFilesIn(dir)).toEqual([]);
  });

  it('does not write or run check_cmd when bytes, mode and owner are unchanged', async () => {
    await writeOutput(target(dest, { mode: 0o640 }), 'same\n', options());
    const before = await stat(dest);
    const marker = join(dir, 'check-ran');
    const t = target(dest, { mode: 0o640, checkCmd: `touch ${shellQuote(marker)}` });
    expect(await writeOutput(t, 'same\n', options())).toEqual({ outcome: 'unchanged' });
    const after = await stat(dest);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(existsSync(marker)).toBe(false);
  });

  it('rewrites when only the mode differs', async () => {
    await writeFile(dest, 'same\n', { mode: 0o644 });
    await chmod(dest, 0o644);
    expect((await writeOutput(target(dest, { mode: 0o600 }), 'same\n', options())).outcome).toBe('written');
    expect(await modeOf(dest)).toBe(0o600);
  });

  it("keeps an existing dest's mode when none is configured", async () => {
    await writeFile(dest, 'old\n');
    await chmod(dest, 0o751);
    await writeOutput(target(dest), 'new\n', options());
    expect(await modeOf(dest)).toBe(0o751);
    expect(await readFile(dest, 'utf8')).toBe('new\n');
  });

  it('replaces dest by rename: a reader holding the old file keeps the old bytes', async () => {
    await writeFile(dest, 'old\n');
    const oldIno = (await stat(dest)).ino;
    const reader = await open(dest, 'r');
    try {
      await writeOutput(target(dest), 'new\n', options());
      expect(await reader.readFile('utf8')).toBe('old\n');
    } finally {
      await reader.close();
    }
    expect((await stat(dest)).ino).not.toBe(oldIno);
    expect(await readFile(dest, 'utf8')).toBe('new\n');
  });
});

describe('writeOutput: stage file mode', () => {
  it('gives the stage file its final mode 0600 before check_cmd sees it', async () => {
    const observed = join(dir, 'observed');
    const t = target(dest, { mode: 0o600, checkCmd: `stat -c %a {{src}} > ${shellQuote(observed)}` });
    await writeOutput(t, 'secret\n', options());
    expect((await readFile(observed, 'utf8')).trim()).toBe('600');
    expect(await modeOf(dest)).toBe(0o600);
  });

  it('applies the exact mode whatever the umask', async () => {
    const observed = join(dir, 'observed');
    const previous = process.umask(0o077);
    try {
      const t = target(dest, { mode: 0o644, checkCmd: `stat -c %a {{src}} > ${shellQuote(observed)}` });
      await writeOutput(t, 'public\n', options());
    } finally {
      process.umask(previous);
    }
    expect((await readFile(observed, 'utf8')).trim()).toBe('644');
    expect(await modeOf(dest)).toBe(0o644);
  });

  it('names the stage file .<basename>.confetti-<pid>-<random> next to dest', async () => {
    const observed = join(dir, 'observed');
    await writeOutput(target(dest, { checkCmd: `echo {{src}} > ${shellQuote(observed)}` }), 'x\n', options());
    const stage = (await readFile(observed, 'utf8')).trim();
    expect(stage).toMatch(new RegExp(`^${dir}/\\.app\\.cfg\\.confetti-${process.pid}-[0-9a-f]{12}$`));
  });
});

describe('writeOutput: check_cmd', () => {
  it('runs check_cmd on the staged content and returns its outcome', async () => {
    const t = target(dest, { checkCmd: `${CHECK_CONTAINS_SH} {{src}} backend-42` });
    const result = await writeOutput(t, 'server backend-42\n', options());
    expect(result).toMatchObject({ outcome: 'written', check: { exitCode: 0, timedOut: false } });
  });

  it('keeps the old file when check_cmd fails and removes the stage file', async () => {
    await writeFile(dest, 'good\n');
    const t = target(dest, { checkCmd: `${FAIL_SH} {{src}}` });
    const error = await writeOutput(t, 'bad\n', options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckFailedError);
    const check = error as CheckFailedError;
    expect(check.message).toContain('app:');
    expect(check.message).toContain(FAIL_SH);
    expect(check.message).toContain('exit code 3');
    expect(check.message).toContain('something is wrong with');
    expect(check.outcome.exitCode).toBe(3);
    expect(check.file).toBe(dest);
    expect(await readFile(dest, 'utf8')).toBe('good\n');
    expect(await stageFilesIn(dir)).toEqual([]);
  });

  it('keeps the stage file for inspection with keepStageFile', async () => {
    await writeFile(dest, 'good\n');
    const t = target(dest, { checkCmd: `${CHECK_CONTAINS_SH} {{src}} must-be-there` });
    await expect(writeOutput(t, 'bad\n', options({ keepStageFile: true }))).rejects.toThrow(CheckFailedError);
    const kept = await stageFilesIn(dir);
    expect(kept).toHaveLength(1);
    expect(await readFile(join(dir, kept[0] ?? ''), 'utf8')).toBe('bad\n');
    expect(await readFile(dest, 'utf8')).toBe('good\n');
  });

  it('skips check_cmd with syncOnly', async () => {
    const t = target(dest, { checkCmd: FAIL_SH });
    expect(await writeOutput(t, 'unchecked\n', options({ syncOnly: true }))).toEqual({ outcome: 'written' });
    expect(await readFile(dest, 'utf8')).toBe('unchecked\n');
  });

  it('fails a hanging check_cmd as timed out, naming the command', async () => {
    await writeFile(dest, 'good\n');
    const t = target(dest, { checkCmd: 'sleep 30 # {{src}}', commandTimeoutMs: 300 });
    const error = (await writeOutput(t, 'new\n', options()).catch((e: unknown) => e)) as CheckFailedError;
    expect(error).toBeInstanceOf(CheckFailedError);
    expect(error.outcome.timedOut).toBe(true);
    expect(error.message).toContain('sleep 30');
    expect(error.message).toContain('timed out after 300 ms');
    expect(await readFile(dest, 'utf8')).toBe('good\n');
    expect(await stageFilesIn(dir)).toEqual([]);
  });

  it('quotes a stage path full of shell metacharacters', async () => {
    const nastyDir = join(dir, `a b;touch pwned$(touch pwned2)'q\`touch pwned3\``);
    const t = target(join(nastyDir, 'x;y.cfg'), { createDirs: true, checkCmd: `${CHECK_CONTAINS_SH} {{src}} payload` });
    expect((await writeOutput(t, 'payload\n', options())).outcome).toBe('written');
    expect(await readFile(join(nastyDir, 'x;y.cfg'), 'utf8')).toBe('payload\n');
    for (const name of ['pwned', 'pwned2', 'pwned3']) {
      expect(existsSync(join(dir, name)) || existsSync(join(process.cwd(), name))).toBe(false);
    }
  });

  it('removes the stage file and leaves dest alone when aborted during the check', async () => {
    await writeFile(dest, 'good\n');
    const controller = new AbortController();
    const started = join(dir, 'started');
    const t = target(dest, { checkCmd: `touch ${shellQuote(started)}; sleep 30` });
    const writing = writeOutput(t, 'new\n', options({ signal: controller.signal }));
    await waitUntil(() => existsSync(started), 'check_cmd to start');
    controller.abort(new Error('shutting down'));
    await expect(writing).rejects.toThrow('shutting down');
    expect(await readFile(dest, 'utf8')).toBe('good\n');
    expect(await stageFilesIn(dir)).toEqual([]);
  });
});

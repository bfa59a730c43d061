import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfdData, readEnvFile } from './confd-case.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs('confetti-confd-case-');

async function dataFile(text: string): Promise<string> {
  const file = join(await tempDir(), 'data.yaml');
  await writeFile(file, text);
  return file;
}

describe('readConfdData', () => {
  it('flattens nested maps and lists of strings into /a/b keys', async () => {
    const file = await dataFile('a:\n  b: x\n  "5432":\n    c: "1.10"\nl:\n  - p\n"/flat/key": q\n');
    expect(await readConfdData(file)).toEqual({ '/a/b': 'x', '/a/5432/c': '1.10', '/l/0': 'p', '/flat/key': 'q' });
  });

  it.each([
    ['version: 1.10\n', '/version is number'],
    ['enabled: yes\n', '/enabled is boolean'],
    ['empty:\n', '/empty is null'],
    ['5432: x\n', 'a key under / is not a string'],
    ['a:\n  ../b: x\n', '/a/../b is special'],
    ['- a\n', 'the top level is not a map'],
  ])('refuses what confd and confetti would write differently: %j', async (text, why) => {
    const file = await dataFile(text);
    await expect(readConfdData(file)).rejects.toThrow(`${file}: ${why} to confd's YAML 1.1 reader`);
  });
});

describe('readEnvFile', () => {
  it('reads NAME=value lines, the value as written after the first =', async () => {
    const file = join(await tempDir(), 'env');
    await writeFile(file, '# comment\nA=1\nB=x=y \n\nEMPTY=\n');
    expect(await readEnvFile(file)).toEqual({ A: '1', B: 'x=y ', EMPTY: '' });
  });

  it('gives {} when there is no env file', async () => {
    expect(await readEnvFile(join(await tempDir(), 'env'))).toEqual({});
  });
});

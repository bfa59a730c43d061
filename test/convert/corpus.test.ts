// Real-world confd resources (test/fixtures/confd-corpus): `confetti convert` then `confetti render` from the same
// data and environment must write exactly what confd wrote (each case's expected/).
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { readConfdCase } from '../support/confd-case.js';
import { useTempDirs } from '../support/temp-dir.js';

const CORPUS = resolve(import.meta.dirname, '../fixtures/confd-corpus');
const CASES = (await readdir(CORPUS, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
const tempDir = useTempDirs();

describe('confd corpus: convert + render = confd', () => {
  it.each(CASES)('%s', async (name) => {
    const c = await readConfdCase(join(CORPUS, name));
    const dir = await tempDir();
    const out = join(dir, 'out');
    await mkdir(out);
    await cp(join(c.dir, 'confd'), join(dir, 'confd'), { recursive: true });
    for (const r of c.resources) {
      const toml = join(dir, 'confd/conf.d', r.file.split('/').pop() as string);
      await writeFile(toml, (await readFile(toml, 'utf8')).replaceAll('@OUT@', out));
    }
    const converted = await runCli(['convert', join(dir, 'confd'), join(dir, 'confetti')]);
    expect(converted.stderr).toBe('');
    expect(converted.code).toBe(0);
    // confd ignored owner/group: the converted resource carries them as comments (this machine has no such users).
    for (const f of await readdir(join(dir, 'confetti/conf.d'))) {
      const owner = /^owner = "(.*)"$/m.exec(await readFile(join(c.dir, 'confd/conf.d', f.replace(/\.yaml$/, '.toml')), 'utf8'))?.[1];
      if (owner !== undefined) expect(await readFile(join(dir, 'confetti/conf.d', f), 'utf8')).toContain(`\n# owner: ${owner}\n`);
    }
    await writeFile(join(dir, 'data.json'), JSON.stringify(c.keys));
    const rendered = await runCli(
      ['render', '--confdir', join(dir, 'confetti'), '--backend', 'file', '--file', join(dir, 'data.json'), '--sync-only'],
      { env: c.env },
    );
    expect(rendered.stdout).not.toMatch(/^failed/m);
    expect(rendered.code).toBe(0);
    const expected = await readdir(join(c.dir, 'expected'));
    expect(expected.length).toBeGreaterThan(0);
    for (const file of expected) {
      expect(await readFile(join(out, file), 'utf8'), file).toBe(await readFile(join(c.dir, 'expected', file), 'utf8'));
    }
  });
});

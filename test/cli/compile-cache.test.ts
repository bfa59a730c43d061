import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { writeConfdir } from './confdir.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();

async function setup() {
  const dir = await tempDir();
  const { confdir, data } = await writeConfdir(dir, {
    resources: { 'a.yaml': 'src: a.hbs\ndest: ../out/a.conf\ncreate_dirs: true\nkeys: [/a]\n' },
    templates: { 'a.hbs': '{{getv "/a/x"}}\n' },
    data: { a: { x: '1' } },
  });
  return { dir, args: ['render', '--confdir', confdir, '--backend', 'file', '--file', data] };
}

describe('V8 compile cache of dist/confetti.js', () => {
  it('writes a private cache once and uses it on the next run', async () => {
    const { dir, args } = await setup();
    const cache = join(dir, 'cache');
    const first = await runCli(args, { env: { XDG_CACHE_HOME: cache } });
    expect(first.code).toBe(0);
    const files = await readdir(join(cache, 'confetti'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^v\d+\.\d+\.\d+-[0-9a-f]{16}\.v8$/);
    const file = join(cache, 'confetti', files[0] as string);
    const before = await stat(file);
    expect(before.mode & 0o777).toBe(0o600);
    expect((await stat(join(cache, 'confetti'))).mode & 0o777).toBe(0o700);
    const second = await runCli(args, { env: { XDG_CACHE_HOME: cache } });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^unchanged +a /m);
    // an accepted cache is not rewritten
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it('hands the cache to V8: a corrupt one is rejected and replaced by a valid one, which the next run keeps', async () => {
    const { dir, args } = await setup();
    const cache = join(dir, 'cache');
    expect((await runCli(args, { env: { XDG_CACHE_HOME: cache } })).code).toBe(0);
    const file = join(cache, 'confetti', (await readdir(join(cache, 'confetti')))[0] as string);
    const valid = await readFile(file);
    // Only V8 can tell these bytes are not a cache for this script: an entry that never passed them to vm.Script
    // would find the file present and leave it as it is.
    const garbage = Buffer.alloc(valid.length, 0x5a);
    await writeFile(file, garbage, { mode: 0o600 });
    expect((await runCli(args, { env: { XDG_CACHE_HOME: cache } })).code).toBe(0);
    const rewritten = await readFile(file);
    expect(rewritten.equals(garbage)).toBe(false);
    const mtime = (await stat(file)).mtimeMs;
    expect((await runCli(args, { env: { XDG_CACHE_HOME: cache } })).code).toBe(0);
    expect((await stat(file)).mtimeMs).toBe(mtime);
  });

  it('ignores a cache directory others can write to', async () => {
    const { dir, args } = await setup();
    const cache = join(dir, 'cache');
    await mkdir(join(cache, 'confetti'), { recursive: true });
    await chmod(join(cache, 'confetti'), 0o777);
    const r = await runCli(args, { env: { XDG_CACHE_HOME: cache } });
    expect(r.code).toBe(0);
    expect(await readdir(join(cache, 'confetti'))).toEqual([]);
  });

  it('is off with CONFETTI_COMPILE_CACHE=0', async () => {
    const { dir, args } = await setup();
    const cache = join(dir, 'cache');
    const r = await runCli(args, { env: { XDG_CACHE_HOME: cache, CONFETTI_COMPILE_CACHE: '0' } });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('CONFETTI_COMPILE_CACHE'); // the loader's variable is not an unknown setting
    await expect(readdir(cache)).rejects.toThrow();
  });
});

import { mkdir, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectUntil, nextItem } from '../../test/contract/key-source-contract.js';
import { BackendError } from '../errors.js';
import { createFileSource } from './file-source.js';
import type { Change, KeyEvent, WatchItem } from '../keys/change.js';
import type { KeySource } from './key-source.js';

let dir: string;
let stop: AbortController;
let errors: unknown[];
let sources: KeySource[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'confetti-file-source-'));
  stop = new AbortController();
  errors = [];
  sources = [];
});
afterEach(async () => {
  stop.abort();
  await Promise.all(sources.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

function source(...paths: string[]): KeySource {
  const s = createFileSource({ paths, settleMs: 20, onError: (e) => errors.push(e) });
  sources.push(s);
  return s;
}

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, text);
  return file;
}

const snapshot = (s: KeySource, prefixes = ['/']) => s.snapshot(prefixes, { signal: stop.signal });
const plain = (keys: Map<string, string>): Record<string, string> => Object.fromEntries(keys);
const watching = (s: KeySource, prefixes: string[], revision: bigint): AsyncIterator<WatchItem> =>
  s.watch(prefixes, revision, { signal: stop.signal })[Symbol.asyncIterator]();
const hasPut = (key: string) => (events: KeyEvent[]) => events.some((e) => e.type === 'put' && e.key === key);

/**
 * A watch whose chokidar watcher is running: the first change is yielded only after the watcher is
 * ready, so once `warmUp`'s put arrives, later edits must travel through real file events.
 */
async function liveWatch(s: KeySource, prefixes: string[], warmUp: () => Promise<unknown>, key: string) {
  const it = watching(s, prefixes, (await snapshot(s, prefixes)).revision);
  await warmUp();
  await collectUntil(it, hasPut(key));
  return it;
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('file source snapshot', () => {
  it('flattens nested maps, lists, numbers and already-flat keys', async () => {
    const file = await write('data.yaml', 'db:\n  host: h\n  port: 5432\nlist: [a, b]\n"/flat/key": v\nflag: true\nnone:\n');
    const snap = await snapshot(source(file));
    expect(snap.revision).toBe(1n);
    expect(plain(snap.keys)).toEqual({
      '/db/host': 'h',
      '/db/port': '5432',
      '/list/0': 'a',
      '/list/1': 'b',
      '/flat/key': 'v',
      '/flag': 'true',
      '/none': '',
    });
  });

  it('lets later files override earlier ones key by key', async () => {
    const base = await write('base.yaml', 'app:\n  host: base\n  port: 80\n');
    const local = await write('local.json', '{"app": {"host": "local"}}');
    expect(plain((await snapshot(source(base, local))).keys)).toEqual({ '/app/host': 'local', '/app/port': '80' });
    expect(plain((await snapshot(source(local, base))).keys)).toEqual({ '/app/host': 'base', '/app/port': '80' });
  });

  it('reads a directory recursively in name order, skipping hidden and non-data files', async () => {
    await write('conf/a.yaml', 'shared: a\nother: a\nonly/a: 1\n');
    await write('conf/b/c.yml', 'other: c\n');
    await write('conf/d.json', '{"shared": "d"}');
    await write('conf/.hidden.yaml', 'hidden: 1\n');
    await write('conf/.git/x.yaml', 'git: 1\n');
    await write('conf/notes.txt', 'txt: 1\n');
    await write('conf/broken.yaml.swp', '{{{');
    expect(plain((await snapshot(source(join(dir, 'conf')))).keys)).toEqual({
      '/shared': 'd',
      '/other': 'c',
      '/only/a': '1',
    });
  });

  it('parses a file named explicitly whatever its extension', async () => {
    const file = await write('data.conf', 'a: 1\n');
    expect(plain((await snapshot(source(file))).keys)).toEqual({ '/a': '1' });
  });

  it('returns only keys under the prefixes, /app never matching /application', async () => {
    const file = await write('data.yaml', 'app: {x: 1}\napplication: {x: 2}\n"/app-x/y": 3\n');
    expect(plain((await snapshot(source(file), ['/app'])).keys)).toEqual({ '/app/x': '1' });
  });

  it('fails with FILE_PARSE naming the file and line', async () => {
    await write('good.yaml', 'a: 1\n');
    const bad = await write('bad.yaml', 'a: 1\nb: [unclosed\nc: 2\n');
    const error = await snapshot(source(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'FILE_PARSE', file: bad, line: 3 });
    expect((error as Error).message).toContain(`${bad}:3`);
  });

  it('fails with FILE_READ naming a missing path', async () => {
    const missing = join(dir, 'missing.yaml');
    await expect(snapshot(source(missing))).rejects.toMatchObject({ code: 'FILE_READ', file: missing });
  });

  it('bumps the revision only when the content changes', async () => {
    const file = await write('data.yaml', 'a: 1\nb: 2\n');
    const s = source(file);
    expect((await snapshot(s)).revision).toBe(1n);
    await writeFile(file, '# same keys, other layout\nb: 2\na: "1"\n');
    expect((await snapshot(s)).revision).toBe(1n);
    await writeFile(file, 'a: 1\nb: 3\n');
    expect((await snapshot(s)).revision).toBe(2n);
  });

  it('refuses to be created without paths', () => {
    expect(() => createFileSource({ paths: [] })).toThrow(expect.objectContaining({ code: 'FILE_NO_PATHS' }));
  });
});

describe('file source watch', () => {
  it('yields one change holding only the keys that changed', async () => {
    const file = await write('data.yaml', 'app: {a: 1, b: 2, c: 3}\n');
    const s = source(file);
    const it = await liveWatch(s, ['/app'], () => writeFile(file, 'app: {a: 1, b: 2, c: 3, w: 1}\n'), '/app/w');
    await writeFile(file, 'app: {a: 1, b: 20, d: 4, w: 1}\n');
    const [change] = await collectUntil(it, hasPut('/app/d'));
    expect(change).toEqual<Change>({
      type: 'change',
      revision: 3n,
      events: [
        { type: 'put', key: '/app/b', value: '20' },
        { type: 'delete', key: '/app/c' },
        { type: 'put', key: '/app/d', value: '4' },
      ],
    });
  });

  it('does not miss an edit made right after the previous one was delivered', async () => {
    const file = await write('data.yaml', 'a: 1\n');
    const s = source(file);
    const it = await liveWatch(s, ['/'], () => writeFile(file, 'a: 2\n'), '/a');
    const valued = (value: string) => (events: KeyEvent[]) => events.some((e) => e.type === 'put' && e.value === value);
    await writeFile(file, 'a: 3\n');
    await collectUntil(it, valued('3'));
    // Within chokidar's 50 ms per-file 'change' throttle of the edit just delivered.
    await writeFile(file, 'a: 4\n');
    const changes = await collectUntil(it, valued('4'), 2000);
    expect(changes.at(-1)?.events).toEqual([{ type: 'put', key: '/a', value: '4' }]);
  });

  it('yields nothing for a change outside the prefixes', async () => {
    const file = await write('data.yaml', 'app: {x: 1}\nother: {y: 1}\n');
    const s = source(file);
    const snap = await snapshot(s, ['/app']);
    const it = watching(s, ['/app'], snap.revision);
    await writeFile(file, 'app: {x: 1}\nother: {y: 2}\n');
    // The source itself has seen revision 2 before the next edit, so revision 2 exists and was skipped.
    expect((await snapshot(s, ['/other'])).revision).toBe(2n);
    await writeFile(file, 'app: {x: 2}\nother: {y: 2}\n');
    const [first] = await collectUntil(it, hasPut('/app/x'));
    expect(first).toEqual<Change>({ type: 'change', revision: 3n, events: [{ type: 'put', key: '/app/x', value: '2' }] });
  });

  it('keeps the last good keys when a file becomes unparsable, and reports it', async () => {
    const file = await write('data.yaml', 'app: {a: 1, b: 2}\n');
    const s = source(file);
    const it = await liveWatch(s, ['/'], () => writeFile(file, 'app: {a: 1, b: 2, w: 1}\n'), '/app/w');
    // A watch only works while pulled (async generators are lazy): keep one next() pending.
    const pending = it.next();
    await writeFile(file, 'app: {a: 1, b: [\n');
    await until(() => errors.length > 0, 'the parse error to be reported');
    expect(errors[0]).toMatchObject({ code: 'FILE_PARSE', file });
    await writeFile(file, 'app: {a: 1, b: 3, w: 1}\n');
    const result = await nextItem({ next: () => pending });
    expect(result.value).toEqual({ type: 'change', revision: 3n, events: [{ type: 'put', key: '/app/b', value: '3' }] });
  });

  it('follows a file replaced by rename, deleted and re-created', async () => {
    const file = await write('data.yaml', 'a: 1\n');
    const s = source(file);
    const it = await liveWatch(s, ['/'], () => writeFile(file, 'a: 2\n'), '/a');
    await write('.data.yaml.tmp', 'a: 3\n');
    await rename(join(dir, '.data.yaml.tmp'), file);
    await collectUntil(it, hasPut('/a'));
    const pending = it.next();
    await unlink(file);
    await until(() => errors.some((e) => (e as BackendError).code === 'FILE_READ'), 'the missing file to be reported');
    await writeFile(file, 'a: 4\n');
    const result = await nextItem({ next: () => pending });
    expect(result.value).toEqual({ type: 'change', revision: 4n, events: [{ type: 'put', key: '/a', value: '4' }] });
  });

  it('deletes the keys of a file removed from a watched directory and adds those of a new one', async () => {
    await write('conf/one.yaml', 'one: 1\n');
    const s = source(join(dir, 'conf'));
    const it = await liveWatch(s, ['/'], () => write('conf/warm.yaml', 'warm: 1\n'), '/warm');
    await rm(join(dir, 'conf/one.yaml'));
    await write('conf/sub/two.yml', 'two: 2\n');
    const changes = await collectUntil(it, (events) => events.some((e) => e.key === '/one') && hasPut('/two')(events));
    expect(changes.flatMap((c) => c.events)).toEqual([
      { type: 'delete', key: '/one' },
      { type: 'put', key: '/two', value: '2' },
    ]);
    expect(errors).toEqual([]);
  });

  it('catches up from an older revision with the diff since that revision', async () => {
    const file = await write('data.yaml', 'a: 1\nb: 1\n');
    const s = source(file);
    const old = await snapshot(s);
    await writeFile(file, 'a: 2\nb: 1\n');
    expect((await snapshot(s)).revision).toBe(2n);
    const it = watching(s, ['/'], old.revision);
    expect((await nextItem(it)).value).toEqual({ type: 'change', revision: 2n, events: [{ type: 'put', key: '/a', value: '2' }] });
  });

  it('asks for a resync when it holds no state for the revision', async () => {
    const file = await write('data.yaml', 'a: 1\n');
    const s = source(file);
    await snapshot(s);
    expect((await nextItem(watching(s, ['/'], 42n))).value).toMatchObject({ type: 'resync' });
  });

  it('closes its chokidar watcher on abort even if the iterator is never pulled again', async () => {
    const handles = (): number => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap').length;
    await setImmediate();
    const before = handles();
    const file = await write('data.yaml', 'a: 1\n');
    const s = source(file);
    await liveWatch(s, ['/'], () => writeFile(file, 'a: 2\n'), '/a');
    expect(handles()).toBeGreaterThan(before);
    stop.abort();
    await until(() => handles() <= before, 'the fs watchers to close', 2000);
  });

  it('ends running watches on close()', async () => {
    const file = await write('data.yaml', 'a: 1\n');
    const s = source(file);
    const it = watching(s, ['/'], (await snapshot(s)).revision);
    const pending = it.next();
    await s.close();
    expect(await nextItem({ next: () => pending }, 2000)).toEqual({ done: true, value: undefined });
  });
});

import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../config/resource.js';
import { startTestDaemon, testResource, type TestDaemon } from '../../test/support/daemon.js';
import { MemorySource } from '../../test/support/memory-source.js';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { waitFor } from '../../test/support/wait-for.js';

const tempDir = useTempDirs();

const resource = testResource;

const running: TestDaemon[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) await d.stop();
});

function start(resources: Resource[], source: MemorySource, defaultWait?: Resource['wait']) {
  const d = startTestDaemon(resources, source, defaultWait);
  running.push(d);
  return { cycles: d.cycles, isReady: d.isReady, stop: d.stopController, done: d.done };
}

const LIST = '{{#each (gets "/app/*")}}{{base key}}={{value}}\n{{/each}}';

describe('watch daemon', () => {
  it('renders at once, then re-renders only the resources a change touches', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'app.hbs'), LIST);
    await writeFile(join(dir, 'db.hbs'), 'db={{getv "/db/host"}}\n');
    const app = resource(dir, 'app', ['/app']);
    const db = resource(dir, 'db', ['/db']);
    const source = new MemorySource({ '/app/a': '1', '/db/host': 'h1', '/application/x': 'no' });
    const d = start([app, db], source);
    const first = await d.cycles.next();
    expect(first.results.map((r) => [r.resource.name, r.outcome])).toEqual([
      ['app', 'written'],
      ['db', 'written'],
    ]);
    expect(d.isReady()).toBe(true);
    expect(await readFile(app.dest, 'utf8')).toBe('a=1\n');

    const next = d.cycles.next();
    source.put('/app/b', '2');
    const second = await next;
    expect(second.results.map((r) => r.resource.name)).toEqual(['app']);
    expect(await readFile(app.dest, 'utf8')).toBe('a=1\nb=2\n');

    // a key under a sibling prefix touches nothing
    source.put('/application/y', 'no');
    const after = d.cycles.next();
    source.put('/db/host', 'h2');
    expect((await after).results.map((r) => r.resource.name)).toEqual(['db']);
    expect(await readFile(db.dest, 'utf8')).toBe('db=h2\n');
  });

  it('renders a transaction of several keys as one revision', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'app.hbs'), LIST);
    const app = resource(dir, 'app', ['/app']);
    const source = new MemorySource({ '/app/a': '1' });
    const d = start([app], source);
    await d.cycles.next();
    const next = d.cycles.next();
    const rev = source.txn([
      { type: 'put', key: '/app/a', value: '9' },
      { type: 'put', key: '/app/b', value: '8' },
      { type: 'delete', key: '/app/a' },
    ]);
    const cycle = await next;
    expect(cycle.results[0]?.revision).toBe(rev);
    expect(await readFile(app.dest, 'utf8')).toBe('b=8\n');
  });

  it('coalesces a burst inside the wait window into one render and one reload', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'app.hbs'), LIST);
    const reloads = join(dir, 'reloads');
    const app = resource(dir, 'app', ['/app'], { wait: { minMs: 150, maxMs: 5_000 }, reloadCmd: `echo x >> ${reloads}` });
    const source = new MemorySource({ '/app/n': '0' });
    const d = start([app], source);
    await d.cycles.next();
    expect((await readFile(reloads, 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
    const next = d.cycles.next();
    for (let i = 1; i <= 200; i++) source.put('/app/n', String(i));
    const cycle = await next;
    expect(cycle.results.map((r) => r.outcome)).toEqual(['written']);
    expect(await readFile(app.dest, 'utf8')).toBe('n=200\n');
    expect(d.cycles.all).toHaveLength(2);
    expect((await readFile(reloads, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('writes nothing while the store is unreachable, then renders once it answers', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'app.hbs'), LIST);
    await writeFile(join(dir, 'app.out'), 'last good\n');
    const app = resource(dir, 'app', ['/app']);
    const source = new MemorySource({ '/app/a': '1' });
    source.down = true;
    const d = start([app], source);
    // the daemon keeps retrying the snapshot; the last good file stays
    await waitFor(() => source.snapshots >= 3, 'three failed snapshot attempts');
    expect(await readFile(app.dest, 'utf8')).toBe('last good\n');
    expect(d.cycles.all).toHaveLength(0);
    source.down = false;
    await d.cycles.next();
    expect(await readFile(app.dest, 'utf8')).toBe('a=1\n');
  });

  it('retries a failing check command until it passes, without a new change', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'app.hbs'), LIST);
    const gate = join(dir, 'gate');
    const app = resource(dir, 'app', ['/app'], { checkCmd: `test -e ${gate}` });
    const source = new MemorySource({ '/app/a': '1' });
    const d = start([app], source);
    const first = await d.cycles.next();
    expect(first.results[0]?.outcome).toBe('failed');
    expect(d.isReady()).toBe(false);
    await expect(stat(app.dest)).rejects.toThrow();
    await writeFile(gate, '');
    const retry = await d.cycles.next((c) => c.results[0]?.outcome === 'written', 5_000);
    expect(retry.results[0]?.outcome).toBe('written');
    expect(d.isReady()).toBe(true);
  });

  it('stops cleanly when the stop signal aborts', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'app.hbs'), LIST);
    const source = new MemorySource({ '/app/a': '1' });
    const d = start([resource(dir, 'app', ['/app'])], source);
    await d.cycles.next();
    d.stop.abort();
    await expect(d.done).resolves.toBeUndefined();
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../config/resource.js';
import { SILENT_LOGGER } from '../log/logger.js';
import { CycleQueue } from '../../test/support/cycle-queue.js';
import { MemorySource } from '../../test/support/memory-source.js';
import { testResource } from '../../test/support/daemon.js';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { DaemonControl } from './control.js';
import { TemplateStore } from '../template/template-store.js';
import { runWatchDaemon } from './watch-daemon.js';

const tempDir = useTempDirs();
const OPTIONS = { syncOnly: false, keepStageFile: false, dryRun: false, maxOutputSize: 1 << 20 };

const resource = (dir: string, name: string, prefixes: string[]): Resource => testResource(dir, name, prefixes);

const running: Array<{ stop: AbortController; done: Promise<void> }> = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.stop.abort();
    await r.done;
  }
});

function start(resources: Resource[], source: MemorySource) {
  const stop = new AbortController();
  const cycles = new CycleQueue();
  const control = new DaemonControl();
  let readyCalls = 0;
  const done = runWatchDaemon(
    {
      resources,
      source,
      logger: SILENT_LOGGER,
      defaultWait: undefined,
      intervalMs: undefined,
      control,
      deps: { templates: new TemplateStore(), env: {}, logger: SILENT_LOGGER, options: OPTIONS },
      observer: { onCycle: cycles.push, onReady: () => readyCalls++ },
    },
    { stop: stop.signal, force: new AbortController().signal },
  );
  running.push({ stop, done });
  return { cycles, control, readyCalls: () => readyCalls };
}

describe('watch daemon control', () => {
  it('adds a resource under a watched prefix without a new snapshot, and renders only it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.hbs'), 'a={{getv "/app/a"}}\n');
    await writeFile(join(dir, 'b.hbs'), 'b={{getv "/app/b"}}\n');
    const source = new MemorySource({ '/app/a': '1', '/app/b': '2' });
    const a = resource(dir, 'a', ['/app']);
    const d = start([a], source);
    await d.cycles.next();
    const b = resource(dir, 'b', ['/app/b']);
    const next = d.cycles.next();
    d.control.update({ resources: [a, b], changed: new Set(['b']), defaultWait: undefined, options: OPTIONS });
    expect((await next).results.map((r) => r.resource.name)).toEqual(['b']);
    expect(source.snapshots).toBe(1);
    expect(d.readyCalls()).toBe(1);
    const after = d.cycles.next();
    source.put('/app/b', '3');
    expect((await after).results.map((r) => r.resource.name)).toEqual(['a', 'b']);
    expect(await readFile(b.dest, 'utf8')).toBe('b=3\n');
  });

  it('takes a snapshot of a new prefix and follows it; a removed resource is no longer rendered', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.hbs'), 'a={{getv "/app/a"}}\n');
    await writeFile(join(dir, 'db.hbs'), 'db={{getv "/db/host"}}\n');
    const source = new MemorySource({ '/app/a': '1', '/db/host': 'h1' });
    const a = resource(dir, 'a', ['/app']);
    const d = start([a], source);
    await d.cycles.next();
    const db = resource(dir, 'db', ['/db']);
    const next = d.cycles.next();
    d.control.update({ resources: [db], changed: new Set(['db']), defaultWait: undefined, options: OPTIONS });
    expect((await next).results.map((r) => [r.resource.name, r.outcome])).toEqual([['db', 'written']]);
    expect(source.snapshots).toBe(2);
    const after = d.cycles.next();
    source.put('/app/a', '2');
    source.put('/db/host', 'h2');
    expect((await after).results.map((r) => r.resource.name)).toEqual(['db']);
    expect(await readFile(db.dest, 'utf8')).toBe('db=h2\n');
    expect(await readFile(a.dest, 'utf8')).toBe('a=1\n');
  });

  it('re-renders every resource on renderAll, writing nothing that is unchanged', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.hbs'), 'a={{getv "/app/a"}}\n');
    const source = new MemorySource({ '/app/a': '1' });
    const d = start([resource(dir, 'a', ['/app'])], source);
    await d.cycles.next();
    const next = d.cycles.next();
    d.control.renderAll();
    expect((await next).results.map((r) => r.outcome)).toEqual(['unchanged']);
  });
});

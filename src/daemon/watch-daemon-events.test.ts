// The observer is the daemon's only event channel: what it reports, in which order, and onReady exactly once.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testResource } from '../../test/support/daemon.js';
import { CycleQueue } from '../../test/support/cycle-queue.js';
import { MemorySource } from '../../test/support/memory-source.js';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { SILENT_LOGGER } from '../log/logger.js';
import { TemplateStore } from '../template/template-store.js';
import type { DaemonObserver } from './observer.js';
import { runWatchDaemon } from './watch-daemon.js';

const tempDir = useTempDirs();
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

const OPTIONS = { syncOnly: false, keepStageFile: false, dryRun: false, maxOutputSize: 1 << 20 };

describe('watch daemon events', () => {
  it('sends onReady once, right after the onCycle of the cycle that rendered the last resource', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.hbs'), 'a={{getv "/a/x"}}\n');
    await writeFile(join(dir, 'b.hbs'), 'b={{getv "/b/x"}}\n');
    const gate = join(dir, 'gate');
    const a = testResource(dir, 'a', ['/a']);
    const b = testResource(dir, 'b', ['/b'], { checkCmd: `test -e ${gate}` });
    const source = new MemorySource({ '/a/x': '1', '/b/x': '1' });
    const events: string[] = [];
    const cycles = new CycleQueue();
    const observer: DaemonObserver = {
      onPhase: (phase) => events.push(phase),
      onCycle: (cycle) => {
        events.push(`cycle ${cycle.results.map((r) => `${r.resource.name}:${r.outcome}`).join(' ')}`);
        cycles.push(cycle);
      },
      onReady: () => events.push('ready'),
    };
    const stop = new AbortController();
    const done = runWatchDaemon(
      {
        resources: [a, b],
        source,
        logger: SILENT_LOGGER,
        defaultWait: undefined,
        intervalMs: undefined,
        observer,
        deps: { templates: new TemplateStore(), env: {}, logger: SILENT_LOGGER, options: OPTIONS },
      },
      { stop: stop.signal, force: new AbortController().signal },
    );
    stops.push(async () => {
      stop.abort();
      await done;
    });
    await cycles.next();
    expect(events).toEqual(['starting', 'running', 'cycle a:written b:failed']);
    await writeFile(gate, '');
    await cycles.next((c) => c.results.some((r) => r.outcome === 'written'));
    source.txn([{ type: 'put', key: '/a/x', value: '2' }]);
    await cycles.next();
    stop.abort();
    await done;
    expect(events).toEqual([
      'starting',
      'running',
      'cycle a:written b:failed',
      'cycle b:written',
      'ready',
      'cycle a:written',
      'stopping',
      'stopped',
    ]);
  });
});

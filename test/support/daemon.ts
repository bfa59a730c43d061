// An in-process watch daemon for tests: default pipeline deps, a cycle queue to await, and a stop that unwinds it.
import { join } from 'node:path';
import type { KeySource } from '../../src/backends/key-source.js';
import type { Resource } from '../../src/config/resource.js';
import { runWatchDaemon } from '../../src/daemon/watch-daemon.js';
import { SILENT_LOGGER } from '../../src/log/logger.js';
import { TemplateStore } from '../../src/template/template-store.js';
import { CycleQueue } from './cycle-queue.js';

/** A resource `name` in `dir`: template `<name>.hbs`, dest `<name>.out`, reading `prefixes`. */
export function testResource(dir: string, name: string, prefixes: string[], extra: Partial<Resource> = {}): Resource {
  return {
    name,
    file: join(dir, `${name}.yaml`),
    src: join(dir, `${name}.hbs`),
    dest: join(dir, `${name}.out`),
    keys: prefixes,
    prefix: '/',
    prefixes,
    mode: 0o644,
    uid: undefined,
    gid: undefined,
    checkCmd: undefined,
    reloadCmd: undefined,
    wait: undefined,
    backup: false,
    createDirs: false,
    commandTimeoutMs: 10_000,
    ...extra,
  };
}

export interface TestDaemon {
  cycles: CycleQueue;
  isReady: () => boolean;
  /** Aborting it stops the daemon (the cycle in flight finishes). */
  stopController: AbortController;
  done: Promise<void>;
  /** Stop and wait for the loop to unwind. */
  stop: () => Promise<void>;
}

export function startTestDaemon(resources: readonly Resource[], source: KeySource, defaultWait?: Resource['wait']): TestDaemon {
  const stopController = new AbortController();
  const cycles = new CycleQueue();
  let ready = false;
  const done = runWatchDaemon(
    {
      resources,
      source,
      logger: SILENT_LOGGER,
      defaultWait,
      intervalMs: undefined,
      deps: {
        templates: new TemplateStore(),
        env: {},
        logger: SILENT_LOGGER,
        options: { syncOnly: false, keepStageFile: false, dryRun: false, maxOutputSize: 1 << 20 },
      },
      observer: {
        onCycle: cycles.push,
        onReady: () => {
          ready = true;
        },
      },
    },
    { stop: stopController.signal, force: new AbortController().signal },
  );
  return {
    cycles,
    isReady: () => ready,
    stopController,
    done,
    async stop() {
      stopController.abort();
      await done;
    },
  };
}

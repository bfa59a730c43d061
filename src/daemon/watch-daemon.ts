// The watch loop: snapshot → first render of everything → apply changes → render dirty resources when due.
import { describeError } from '../errors.js';
import type { KeySource } from '../backends/key-source.js';
import { mergePrefixes } from '../backends/prefix.js';
import type { Resource, WaitWindow } from '../config/resource.js';
import type { Logger } from '../log/logger.js';
import { Mirror } from '../mirror/mirror.js';
import { cleanStaleStageFiles } from '../output/index.js';
import { runCycle, type CycleResult } from './cycle.js';
import { feedMirror } from './feed.js';
import type { PipelineDeps } from './render-resource.js';
import { Scheduler } from './scheduler.js';
import { takeSnapshot } from './take-snapshot.js';
import { Waker } from './waker.js';

export interface WatchDaemonOptions {
  resources: readonly Resource[];
  source: KeySource;
  deps: PipelineDeps;
  logger: Logger;
  defaultWait: WaitWindow | undefined;
  intervalMs: number | undefined;
  /** After every cycle (tests, metrics, exec mode). */
  onCycle?(cycle: CycleResult): void;
  /** Once every resource has rendered successfully at least once. */
  onReady?(): void;
}

export interface WatchDaemonSignals {
  /** Stop taking changes; the cycle in flight finishes. */
  stop: AbortSignal;
  /** Abort commands in flight too (second SIGTERM). */
  force: AbortSignal;
}

export async function runWatchDaemon(opts: WatchDaemonOptions, signals: WatchDaemonSignals): Promise<void> {
  const { resources, source, logger } = opts;
  const prefixes = mergePrefixes(resources.flatMap((r) => r.prefixes));
  const mirror = new Mirror();
  const scheduler = new Scheduler(resources, opts.defaultWait);
  const waker = new Waker();
  const pendingReady = new Set(resources.map((r) => r.name));

  // A previous run killed mid-write may have left stage files next to our destinations.
  for (const r of resources) {
    const removed = await cleanStaleStageFiles(r.dest).catch(() => []);
    if (removed.length > 0) logger.info('removed stale stage files', { resource: r.name, files: removed });
  }

  let snapshot;
  try {
    snapshot = await takeSnapshot(source, prefixes, { signal: signals.stop, logger, retryForMs: undefined });
  } catch (error) {
    if (signals.stop.aborted) return;
    throw error;
  }
  mirror.load(snapshot);
  logger.info('snapshot loaded', { backend: source.name, revision: mirror.revision, keys: mirror.size });
  scheduler.markNow(resources, Date.now());

  const feeding = feedMirror(
    {
      source,
      mirror,
      prefixes,
      logger,
      intervalMs: opts.intervalMs,
      onChange(keys) {
        scheduler.markChanged(scheduler.affected(keys), Date.now());
        waker.notify();
      },
    },
    signals.stop,
  );
  // Surface a feeder crash in the loop instead of leaving a floating promise.
  let feedError: unknown;
  feeding.catch((error: unknown) => {
    feedError = error;
    waker.notify();
  });

  while (!signals.stop.aborted && feedError === undefined) {
    const due = scheduler.takeDue(Date.now());
    if (due.length === 0) {
      await waker.wait(scheduler.nextDueIn(Date.now()), signals.stop);
      continue;
    }
    const cycle = await runCycle(due, mirror.view(), opts.deps, signals.force);
    const now = Date.now();
    for (const r of cycle.results) {
      const ok = r.outcome !== 'failed';
      scheduler.settle(r.resource, ok, now);
      if (!ok) logger.warn('will retry', { resource: r.resource.name, attempt: scheduler.failures(r.resource) });
      if (ok && pendingReady.delete(r.resource.name) && pendingReady.size === 0) opts.onReady?.();
    }
    opts.onCycle?.(cycle);
  }
  await feeding.catch(() => undefined);
  if (feedError !== undefined) throw feedError instanceof Error ? feedError : new Error(describeError(feedError));
}

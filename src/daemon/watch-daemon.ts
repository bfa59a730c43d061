// The watch loop: snapshot → first render of everything → apply changes → render dirty resources when due.
// Between cycles it takes requests (SIGUSR1 re-render, SIGHUP/live-reload resource updates) without dropping the watch.
import type { KeySource } from '../backends/key-source.js';
import { isUnderPrefix, mergePrefixes } from '../keys/prefix.js';
import type { Resource, WaitWindow } from '../config/resource.js';
import type { Logger } from '../log/logger.js';
import { Mirror, REFUSED_KEY } from '../mirror/mirror.js';
import { cleanStages } from './clean-stages.js';
import { startDnsRefresher } from './dns-refresher.js';
import type { DaemonControl, ResourceUpdate } from './control.js';
import { runCycle, type CycleResult } from './cycle.js';
import { startFeeder, type Feeder } from './feeder.js';
import type { DaemonObserver, UnloadedResource } from './observer.js';
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
  /** With deps.dns: look up the names templates used again on this period (default 30 s). */
  dnsRefreshMs?: number | undefined;
  /** After every cycle (tests, metrics, exec mode). */
  onCycle?(cycle: CycleResult): void;
  /** Once, when every resource has rendered successfully at least once and no resource file is unloaded. */
  onReady?(): void;
  /** Resource files that failed to load at start: not ready (no onReady) until a reload loads or removes them. */
  unloaded?: readonly UnloadedResource[];
  /** Metrics, /status and /readyz hooks. */
  observer?: DaemonObserver;
  /** Re-render and reload requests (signals, live reload). */
  control?: DaemonControl;
}

export interface WatchDaemonSignals {
  /** Stop taking changes; the cycle in flight finishes. */
  stop: AbortSignal;
  /** Abort commands in flight too (second SIGTERM). */
  force: AbortSignal;
}

export async function runWatchDaemon(opts: WatchDaemonOptions, signals: WatchDaemonSignals): Promise<void> {
  const observer = opts.observer ?? {};
  observer.onPhase?.('starting');
  try {
    await runLoop(opts, signals, observer);
    observer.onPhase?.('stopped');
  } catch (error) {
    observer.onPhase?.('failed', error);
    throw error;
  }
}

async function runLoop(opts: WatchDaemonOptions, signals: WatchDaemonSignals, observer: DaemonObserver): Promise<void> {
  const { source, logger } = opts;
  let resources = opts.resources;
  let deps = opts.deps;
  const mirror = new Mirror({ onRefusedKey: (key) => logger.warn(REFUSED_KEY, { backend: source.name, key }) });
  const scheduler = new Scheduler(resources, opts.defaultWait);
  const waker = new Waker();
  const pendingReady = new Set(resources.map((r) => r.name));
  let readyFired = false;
  let unloaded = opts.unloaded ?? [];
  observer.onResources?.(resources);
  observer.onUnloaded?.(unloaded);
  const maybeReady = (): void => {
    if (readyFired || pendingReady.size > 0 || unloaded.length > 0) return;
    readyFired = true;
    opts.onReady?.();
  };
  signals.stop.addEventListener('abort', () => observer.onPhase?.('stopping'), { once: true });

  await cleanStages(resources, logger);
  const snapshotOpts = { signal: signals.stop, logger, retryForMs: undefined, onFailure: (e: unknown) => observer.onStoreReachable?.(false, e) };
  const load = async (prefixes: string[]): Promise<Set<string> | undefined> => {
    try {
      const changed = mirror.load(await takeSnapshot(source, prefixes, snapshotOpts));
      observer.onStoreReachable?.(true);
      observer.onMirror?.(mirror.revision, mirror.size);
      return changed;
    } catch (error) {
      if (signals.stop.aborted) return undefined;
      throw error;
    }
  };

  if ((await load(mergePrefixes(resources.flatMap((r) => r.prefixes)))) === undefined) return;
  logger.info('snapshot loaded', { backend: source.name, revision: mirror.revision, keys: mirror.size });
  scheduler.markNow(resources, Date.now());
  observer.onPhase?.('running');

  let feedError: unknown;
  const feed = (prefixes: string[]): Feeder =>
    startFeeder(
      {
        source,
        mirror,
        prefixes,
        logger,
        intervalMs: opts.intervalMs,
        onChange(keys) {
          const now = Date.now();
          const affected = scheduler.affected(keys);
          scheduler.markChanged(affected, now);
          observer.onMirror?.(mirror.revision, mirror.size);
          observer.onStoreReachable?.(true);
          if (affected.length > 0) observer.onChanged?.(affected.map((r) => r.name), now);
          waker.notify();
        },
        onResync: (reason) => observer.onResync?.(reason),
        onFailure: (error) => observer.onStoreReachable?.(false, error),
      },
      signals.stop,
      (error) => {
        feedError = error;
        waker.notify();
      },
    );
  let feeder = feed(mergePrefixes(resources.flatMap((r) => r.prefixes)));
  const onStale = (names: string[]): void => {
    scheduler.markChanged(resources.filter((r) => names.includes(r.name)), Date.now());
    waker.notify();
  };
  const dnsCache = deps.dns;
  const dns = dnsCache && startDnsRefresher({ cache: dnsCache, periodMs: opts.dnsRefreshMs ?? 30_000, logger, onStale }, signals.stop, (error) => {
    feedError = error;
    waker.notify();
  });
  opts.control?.attach(() => waker.notify());

  // Serve a new resource set; the watch is only restarted when the new prefixes are not all covered already.
  const applyUpdate = async (update: ResourceUpdate): Promise<void> => {
    const before = new Set(resources.map((r) => r.name));
    resources = update.resources;
    deps = { ...deps, options: update.options };
    scheduler.replace(resources, update.defaultWait);
    const names = new Set(resources.map((r) => r.name));
    deps.dns?.retain(names);
    for (const name of [...pendingReady]) if (!names.has(name)) pendingReady.delete(name);
    const added = resources.filter((r) => !before.has(r.name));
    for (const r of added) pendingReady.add(r.name);
    await cleanStages(added, logger);
    unloaded = update.unloaded ?? [];
    observer.onResources?.(resources);
    observer.onUnloaded?.(unloaded);
    const wanted = mergePrefixes(resources.flatMap((r) => r.prefixes));
    if (!wanted.every((p) => feeder.prefixes.some((w) => isUnderPrefix(p, w)))) {
      await feeder.stop();
      const changed = await load(wanted);
      if (changed === undefined) return;
      logger.info('watching new prefixes', { prefixes: wanted, revision: mirror.revision, keys: mirror.size });
      scheduler.markChanged(scheduler.affected(changed), Date.now());
      feeder = feed(wanted);
    }
    scheduler.markNow(resources.filter((r) => update.changed.has(r.name)), Date.now());
  };

  try {
    while (!signals.stop.aborted && feedError === undefined) {
      for (const request of opts.control?.take() ?? []) {
        if (request.type === 'render-all') scheduler.markNow(resources, Date.now());
        else await applyUpdate(request.update);
        maybeReady();
      }
      if (signals.stop.aborted) break;
      const due = scheduler.takeDue(Date.now());
      if (due.length === 0) {
        await waker.wait(scheduler.nextDueIn(Date.now()), signals.stop);
        continue;
      }
      const cycle = await runCycle(due, mirror.view(), deps, signals.force);
      const now = Date.now();
      for (const r of cycle.results) {
        const ok = r.outcome !== 'failed';
        scheduler.settle(r.resource, ok, now);
        if (!ok) logger.warn('will retry', { resource: r.resource.name, attempt: scheduler.failures(r.resource) });
        if (ok) pendingReady.delete(r.resource.name);
      }
      observer.onCycle?.(cycle, new Set(resources.filter((r) => scheduler.isDirty(r.name)).map((r) => r.name)));
      maybeReady();
      opts.onCycle?.(cycle);
    }
  } finally {
    opts.control?.attach(undefined);
    await dns?.stop();
    await feeder.stop();
  }
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrowing the feeder's own error as caught
  if (feedError !== undefined) throw feedError;
}

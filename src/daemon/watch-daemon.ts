// The watch loop: snapshot → first render of everything → apply changes → render dirty resources when due.
// Between cycles it takes requests (SIGUSR1 re-render, SIGHUP/live-reload resource updates) without dropping the watch.
import type { KeySource } from '../backends/key-source.js';
import { isUnderPrefix, mergePrefixes } from '../keys/prefix.js';
import type { Resource, WaitWindow } from '../config/resource.js';
import type { Logger } from '../log/logger.js';
import { Mirror, REFUSED_KEY } from '../mirror/mirror.js';
import { cleanStages } from './clean-stages.js';
import { startDnsRefresher, type DnsRefresher } from './dns-refresher.js';
import type { DaemonControl, ResourceUpdate } from './control.js';
import { runCycle } from './cycle.js';
import { startFeed, type Feed } from './feed.js';
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
  /** Resource files that failed to load at start: not ready (no onReady) until a reload loads or removes them. */
  unloaded?: readonly UnloadedResource[];
  /** Where every event goes: metrics, /status, /readyz, exec mode, sd_notify, tests (combineObservers for several). */
  observer?: DaemonObserver | undefined;
  /** Re-render and reload requests (signals, live reload). */
  control?: DaemonControl | undefined;
}

export interface WatchDaemonSignals {
  /** Stop taking changes; the cycle in flight finishes. */
  stop: AbortSignal;
  /** Abort commands in flight too (second SIGTERM). */
  force: AbortSignal;
}

/** Runs the watch loop until `signals.stop` aborts (resolves) or the feed crashes (rejects). */
export async function runWatchDaemon(opts: WatchDaemonOptions, signals: WatchDaemonSignals): Promise<void> {
  await new WatchDaemon(opts, signals).run();
}

/** Owns the watch loop's state; each method is one step of it (consul-template's Runner). Run it once. */
export class WatchDaemon {
  /** Where keys come from. */
  readonly #source: KeySource;
  readonly #logger: Logger;
  /** The only way events leave the daemon. */
  readonly #observer: DaemonObserver;
  /** Requests taken between cycles; undefined when nothing sends any. */
  readonly #control: DaemonControl | undefined;
  /** Poll period (--interval); undefined = watch. */
  readonly #intervalMs: number | undefined;
  /** Period of the DNS refresher (only with deps.dns). */
  readonly #dnsRefreshMs: number;
  /** stop: take no more changes; force: abort the commands of the cycle in flight. */
  readonly #signals: WatchDaemonSignals;
  /** The store's keys under the watched prefixes, at one revision; templates render from its view. */
  readonly #mirror: Mirror;
  /** Which resources are dirty and when each is due (quiescence, retry backoff). */
  readonly #scheduler: Scheduler;
  /** Wakes the loop before the next resource is due: a change, a request, a crash. */
  readonly #waker = new Waker();
  /** The resources served; replaced by a reload. */
  #resources: readonly Resource[];
  /** What rendering needs (templates, env, DNS); `options` replaced by a reload. */
  #deps: PipelineDeps;
  /** Resource files that failed to load and are not served; the daemon is not ready while any is listed. */
  #unloaded: readonly UnloadedResource[];
  /** Served resources that have not rendered successfully yet (readiness). */
  readonly #pendingReady: Set<string>;
  /** onReady was sent; it is sent once. */
  #readyFired = false;
  /** The running feed of the watched prefixes; undefined until the first snapshot. */
  #feed: Feed | undefined;
  /** Re-resolves the names templates looked up; undefined without deps.dns or before the first snapshot. */
  #dns: DnsRefresher | undefined;
  /** What crashed the feed or the DNS refresher: the loop ends and run() rejects with it. */
  #crash: { error: unknown } | undefined;

  constructor(opts: WatchDaemonOptions, signals: WatchDaemonSignals) {
    this.#source = opts.source;
    this.#logger = opts.logger;
    this.#observer = opts.observer ?? {};
    this.#control = opts.control;
    this.#intervalMs = opts.intervalMs;
    this.#dnsRefreshMs = opts.dnsRefreshMs ?? 30_000;
    this.#signals = signals;
    this.#mirror = new Mirror({ onRefusedKey: (key) => opts.logger.warn(REFUSED_KEY, { backend: opts.source.name, key }) });
    this.#scheduler = new Scheduler(opts.resources, opts.defaultWait);
    this.#resources = opts.resources;
    this.#deps = opts.deps;
    this.#unloaded = opts.unloaded ?? [];
    this.#pendingReady = new Set(opts.resources.map((r) => r.name));
  }

  /** Reports the phases around the loop: starting → running → stopping → stopped, or failed. */
  async run(): Promise<void> {
    const observer = this.#observer;
    observer.onPhase?.('starting');
    const onStop = (): void => observer.onPhase?.('stopping');
    this.#signals.stop.addEventListener('abort', onStop, { once: true });
    try {
      await this.#serve();
      observer.onPhase?.('stopped');
    } catch (error) {
      observer.onPhase?.('failed', error);
      throw error;
    } finally {
      this.#signals.stop.removeEventListener('abort', onStop);
    }
  }

  async #serve(): Promise<void> {
    const stop = this.#signals.stop;
    this.#observer.onResources?.(this.#resources);
    this.#observer.onUnloaded?.(this.#unloaded);
    await cleanStages(this.#resources, this.#logger);
    const prefixes = mergePrefixes(this.#resources.flatMap((r) => r.prefixes));
    if ((await this.#snapshot(prefixes)) === undefined) return;
    this.#logger.info('snapshot loaded', { backend: this.#source.name, revision: this.#mirror.revision, keys: this.#mirror.size });
    this.#scheduler.markNow(this.#resources, Date.now());
    this.#observer.onPhase?.('running');
    this.#startFeed(prefixes);
    this.#startDns();
    this.#control?.attach(() => this.#waker.notify());
    try {
      while (!stop.aborted && this.#crash === undefined) {
        await this.#takeRequests();
        if (stop.aborted) break;
        await this.#runDue();
      }
    } finally {
      this.#control?.attach(undefined);
      await this.#dns?.stop();
      await this.#feed?.stop();
    }
    if (this.#crash !== undefined) throw this.#crash.error;
  }

  /** Load a snapshot of `prefixes` into the mirror (retried while the store is down); undefined when stopped. */
  async #snapshot(prefixes: string[]): Promise<Set<string> | undefined> {
    const observer = this.#observer;
    const opts = {
      signal: this.#signals.stop,
      logger: this.#logger,
      retryForMs: undefined,
      onFailure: (e: unknown) => observer.onStoreReachable?.(false, e),
    };
    try {
      const changed = this.#mirror.load(await takeSnapshot(this.#source, prefixes, opts));
      observer.onStoreReachable?.(true);
      observer.onMirror?.(this.#mirror.revision, this.#mirror.size);
      return changed;
    } catch (error) {
      if (this.#signals.stop.aborted) return undefined;
      throw error;
    }
  }

  /** Keep the mirror current from the mirror's revision on, for `prefixes`. */
  #startFeed(prefixes: string[]): void {
    const observer = this.#observer;
    const feedOptions = {
      source: this.#source,
      mirror: this.#mirror,
      prefixes,
      logger: this.#logger,
      intervalMs: this.#intervalMs,
      onChange: (keys: Set<string>) => this.#onChange(keys),
      onResync: (reason: string) => observer.onResync?.(reason),
      onFailure: (error: unknown) => observer.onStoreReachable?.(false, error),
    };
    this.#feed = startFeed(feedOptions, this.#signals.stop, (error) => this.#fail(error));
  }

  #startDns(): void {
    const cache = this.#deps.dns;
    if (cache === undefined) return;
    const onStale = (names: string[]): void => {
      this.#scheduler.markChanged(
        this.#resources.filter((r) => names.includes(r.name)),
        Date.now(),
      );
      this.#waker.notify();
    };
    const options = { cache, periodMs: this.#dnsRefreshMs, logger: this.#logger, onStale };
    this.#dns = startDnsRefresher(options, this.#signals.stop, (error) => this.#fail(error));
  }

  /** The feed applied a change: mark the resources under the touched keys dirty and wake the loop. */
  #onChange(keys: Set<string>): void {
    const now = Date.now();
    const affected = this.#scheduler.affected(keys);
    this.#scheduler.markChanged(affected, now);
    this.#observer.onMirror?.(this.#mirror.revision, this.#mirror.size);
    this.#observer.onStoreReachable?.(true);
    if (affected.length > 0)
      this.#observer.onChanged?.(
        affected.map((r) => r.name),
        now,
      );
    this.#waker.notify();
  }

  /** A background task crashed: end the loop with its error. */
  #fail(error: unknown): void {
    this.#crash ??= { error };
    this.#waker.notify();
  }

  /** Serve the requests queued since the last cycle, oldest first. */
  async #takeRequests(): Promise<void> {
    for (const request of this.#control?.take() ?? []) {
      if (request.type === 'render-all') this.#scheduler.markNow(this.#resources, Date.now());
      else await this.#applyUpdate(request.update);
      this.#maybeReady();
    }
  }

  /** Serve a new resource set; the watch is only restarted when the new prefixes are not all covered already. */
  async #applyUpdate(update: ResourceUpdate): Promise<void> {
    const scheduler = this.#scheduler;
    const before = new Set(this.#resources.map((r) => r.name));
    this.#resources = update.resources;
    this.#deps = { ...this.#deps, options: update.options };
    scheduler.replace(this.#resources, update.defaultWait);
    const names = new Set(this.#resources.map((r) => r.name));
    this.#deps.dns?.retain(names);
    for (const name of [...this.#pendingReady]) if (!names.has(name)) this.#pendingReady.delete(name);
    const added = this.#resources.filter((r) => !before.has(r.name));
    for (const r of added) this.#pendingReady.add(r.name);
    await cleanStages(added, this.#logger);
    this.#unloaded = update.unloaded ?? [];
    this.#observer.onResources?.(this.#resources);
    this.#observer.onUnloaded?.(this.#unloaded);
    const wanted = mergePrefixes(this.#resources.flatMap((r) => r.prefixes));
    const watched = this.#feed?.prefixes ?? [];
    if (!wanted.every((p) => watched.some((w) => isUnderPrefix(p, w)))) {
      await this.#feed?.stop();
      const changed = await this.#snapshot(wanted);
      if (changed === undefined) return;
      this.#logger.info('watching new prefixes', { prefixes: wanted, revision: this.#mirror.revision, keys: this.#mirror.size });
      scheduler.markChanged(scheduler.affected(changed), Date.now());
      this.#startFeed(wanted);
    }
    scheduler.markNow(
      this.#resources.filter((r) => update.changed.has(r.name)),
      Date.now(),
    );
  }

  /** Render the resources due now in one cycle, or sleep until one is due or something wakes the loop. */
  async #runDue(): Promise<void> {
    const scheduler = this.#scheduler;
    const due = scheduler.takeDue(Date.now());
    if (due.length === 0) {
      await this.#waker.wait(scheduler.nextDueIn(Date.now()), this.#signals.stop);
      return;
    }
    const cycle = await runCycle(due, this.#mirror.view(), this.#deps, this.#signals.force);
    const now = Date.now();
    for (const r of cycle.results) {
      const ok = r.outcome !== 'failed';
      scheduler.settle(r.resource, ok, now);
      if (!ok) this.#logger.warn('will retry', { resource: r.resource.name, attempt: scheduler.failures(r.resource) });
      if (ok) this.#pendingReady.delete(r.resource.name);
    }
    const pending = new Set(this.#resources.filter((r) => scheduler.isDirty(r.name)).map((r) => r.name));
    this.#observer.onCycle?.(cycle, pending);
    this.#maybeReady();
  }

  /** Send onReady once every served resource has rendered and no resource file is unloaded. */
  #maybeReady(): void {
    if (this.#readyFired || this.#pendingReady.size > 0 || this.#unloaded.length > 0) return;
    this.#readyFired = true;
    this.#logger.info('every resource rendered', { resources: this.#resources.length });
    this.#observer.onReady?.();
  }
}

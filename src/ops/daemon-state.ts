// What the daemon is doing, kept for /status, /readyz and the metrics gauges. Holds names, paths, revisions and hashes, never key values.
import { basename, extname } from 'node:path';
import type { BackendEvent } from '../backends/backend-event.js';
import type { Resource } from '../config/resource.js';
import type { CycleResult } from '../daemon/cycle.js';
import type { DaemonObserver, DaemonPhase, UnloadedResource } from '../daemon/observer.js';
import { outcomeLabel, type OutcomeLabel } from '../daemon/outcome-label.js';
import { describeError } from '../errors.js';
import { fingerprintOf } from './dest-fingerprint.js';

export interface ResourceState {
  name: string;
  file: string;
  /** undefined for a resource file that failed to load. */
  dest: string | undefined;
  template: string | undefined;
  /** Outcome of the last render; "pending" before the first; "invalid" when its file failed to load. */
  lastOutcome: OutcomeLabel | 'pending' | 'invalid';
  lastRenderAt: number | undefined;
  /** When the last render changed the dest file. */
  lastChangeAt: number | undefined;
  /** Store revision the last render read. */
  revision: bigint | undefined;
  /** First line of the last failure. */
  error: string | undefined;
  /** The last reload could not load this resource's file or template: the running version stays. */
  configError: string | undefined;
  /** Rendered successfully at least once (readiness). */
  rendered: boolean;
  /** dest reflects the store right now (no pending change, last render ok, file untouched since: checkDests()). */
  inSync: boolean;
  /** The dest file as the last successful render left it (dest-fingerprint.ts); undefined when missing. */
  fingerprint?: string | undefined;
  /** When it last matched the store (now if inSync). */
  lastMatchedAt: number;
}

export interface BackendState {
  name: string;
  /** undefined until the first snapshot or connection event. */
  connected: boolean | undefined;
  endpoint: string | undefined;
  lastError: string | undefined;
  reconnects: number;
  resyncs: number;
}

export interface Readiness {
  ready: boolean;
  reason: string | undefined;
}

export class DaemonState implements DaemonObserver {
  readonly startedAt: number;
  readonly backend: BackendState;
  phase: DaemonPhase = 'starting';
  phaseError: string | undefined;
  revision = -1n;
  keys = 0;
  readonly #resources = new Map<string, ResourceState>();
  /** Resource files that failed to load and are not served, by file. */
  readonly #unloaded = new Map<string, ResourceState>();
  readonly #now: () => number;

  constructor(backend: string, now: () => number = Date.now) {
    this.#now = now;
    this.startedAt = now();
    this.backend = { name: backend, connected: undefined, endpoint: undefined, lastError: undefined, reconnects: 0, resyncs: 0 };
  }

  /** Served resources, then resource files that failed to load. */
  get resources(): ResourceState[] {
    return [...this.#resources.values(), ...this.#unloaded.values()];
  }

  onUnloaded(unloaded: readonly UnloadedResource[]): void {
    this.#unloaded.clear();
    for (const u of unloaded) {
      const name = basename(u.file, extname(u.file));
      this.#unloaded.set(u.file, {
        name,
        file: u.file,
        dest: undefined,
        template: undefined,
        lastOutcome: 'invalid',
        lastRenderAt: undefined,
        lastChangeAt: undefined,
        revision: undefined,
        error: u.error.split('\n')[0],
        configError: undefined,
        rendered: false,
        inSync: false,
        lastMatchedAt: this.startedAt,
      });
    }
  }

  onPhase(phase: DaemonPhase, error?: unknown): void {
    this.phase = phase;
    this.phaseError = error === undefined ? undefined : describeError(error);
  }

  onResources(resources: readonly Resource[]): void {
    const old = new Map(this.#resources);
    this.#resources.clear();
    for (const r of resources) {
      const prev = old.get(r.name);
      const base = prev ?? {
        lastOutcome: 'pending' as const,
        lastRenderAt: undefined,
        lastChangeAt: undefined,
        revision: undefined,
        error: undefined,
        configError: undefined,
        rendered: false,
        inSync: false,
        lastMatchedAt: this.startedAt,
      };
      this.#resources.set(r.name, { ...base, name: r.name, file: r.file, dest: r.dest, template: r.src });
    }
  }

  onConfigProblems(problems: ReadonlyMap<string, string>): void {
    for (const s of this.#resources.values())
      s.configError = problems.get(s.file) ?? (s.template === undefined ? undefined : problems.get(s.template));
  }

  onMirror(revision: bigint, keys: number): void {
    this.revision = revision;
    this.keys = keys;
  }

  onChanged(names: readonly string[], at: number): void {
    for (const name of names) {
      const s = this.#resources.get(name);
      if (s?.inSync) {
        s.inSync = false;
        s.lastMatchedAt = at;
      }
    }
  }

  onStoreReachable(reachable: boolean, error?: unknown): void {
    this.#setConnected(reachable, error);
  }

  onResync(): void {
    this.backend.resyncs++;
  }

  onCycle(cycle: CycleResult, pending: ReadonlySet<string>): void {
    const now = this.#now();
    for (const r of cycle.results) {
      const s = this.#resources.get(r.resource.name);
      if (!s) continue;
      const ok = r.outcome !== 'failed';
      s.lastOutcome = outcomeLabel(r);
      s.lastRenderAt = now;
      s.revision = r.revision;
      s.error = ok ? undefined : describeError(r.error).split('\n')[0];
      if (r.outcome === 'written') s.lastChangeAt = now;
      if (ok) s.rendered = true;
      if (ok && s.dest !== undefined) s.fingerprint = fingerprintOf(s.dest);
      const inSync = ok && !pending.has(s.name);
      if (inSync || s.inSync) s.lastMatchedAt = now;
      s.inSync = inSync;
    }
  }

  /** Backend lifecycle events (etcd watch connected/disconnected, failover, resync). */
  onBackendEvent = (event: BackendEvent): void => {
    if (event.type === 'connected') this.#setConnected(true, undefined, event.endpoint);
    else if (event.type === 'disconnected') this.#setConnected(false, event.error, event.endpoint);
    else if (event.type === 'failover') this.backend.endpoint = event.endpoint;
  };

  #setConnected(connected: boolean, error: unknown, endpoint?: string): void {
    if (connected && this.backend.connected === false) this.backend.reconnects++;
    this.backend.connected = connected;
    if (endpoint !== undefined) this.backend.endpoint = endpoint;
    this.backend.lastError = connected ? undefined : error === undefined ? this.backend.lastError : describeError(error).split('\n')[0];
  }

  /** A dest edited, replaced or deleted by hand since the last render no longer matches the store. */
  checkDests(): void {
    const now = this.#now();
    for (const s of this.#resources.values()) {
      if (!s.inSync || s.dest === undefined) continue;
      if (fingerprintOf(s.dest) === s.fingerprint) continue;
      s.inSync = false;
      s.lastMatchedAt = now;
      s.error = 'dest changed outside confetti since the last render (it is rewritten on the next change or SIGUSR1)';
    }
  }

  /** Seconds since the resource last matched the store; 0 while it does. */
  secondsSinceMatch(s: ResourceState): number {
    return s.inSync ? 0 : Math.max(0, (this.#now() - s.lastMatchedAt) / 1000);
  }

  readiness(): Readiness {
    if (this.phase !== 'running')
      return { ready: false, reason: this.phase === 'starting' ? 'starting: no snapshot of the store yet' : `daemon ${this.phase}` };
    if (this.backend.connected === false) {
      const why = this.backend.lastError ? `: ${this.backend.lastError}` : '';
      return { ready: false, reason: `backend ${this.backend.name} disconnected${why}` };
    }
    if (this.#unloaded.size > 0) return { ready: false, reason: `resource file invalid: ${[...this.#unloaded.keys()].join(', ')}` };
    const waiting = this.resources.filter((s) => !s.rendered).map((s) => s.name);
    if (waiting.length > 0) return { ready: false, reason: `first render not done: ${waiting.join(', ')}` };
    return { ready: true, reason: undefined };
  }

  /** Alive: the loop has not crashed or finished. */
  healthy(): boolean {
    return this.phase === 'starting' || this.phase === 'running' || this.phase === 'stopping';
  }
}

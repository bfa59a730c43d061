// Which resources are dirty and when each is due: quiescence (wait min/max) and retry backoff.
import type { Resource, WaitWindow } from '../config/resource.js';
import { isUnderPrefix } from '../keys/prefix.js';
import { backoffDelay, RENDER_RETRY } from '../retry/backoff.js';

interface DirtyState {
  firstChange: number;
  lastChange: number;
  /** Set when the resource is waiting to retry a failure instead of a change. */
  retryAt?: number;
}

export class Scheduler {
  #resources: readonly Resource[];
  #defaultWait: WaitWindow | undefined;
  readonly #dirty = new Map<string, DirtyState>();
  readonly #failures = new Map<string, number>();

  constructor(resources: readonly Resource[], defaultWait: WaitWindow | undefined) {
    this.#resources = resources;
    this.#defaultWait = defaultWait;
  }

  get pending(): number {
    return this.#dirty.size;
  }

  /** Serve a new resource set (SIGHUP, live reload): pending state of removed resources is dropped, the rest kept. */
  replace(resources: readonly Resource[], defaultWait: WaitWindow | undefined): void {
    const names = new Set(resources.map((r) => r.name));
    for (const name of [...this.#dirty.keys()]) if (!names.has(name)) this.#dirty.delete(name);
    for (const name of [...this.#failures.keys()]) if (!names.has(name)) this.#failures.delete(name);
    this.#resources = resources;
    this.#defaultWait = defaultWait;
  }

  /** True while a change or retry is queued for the resource. */
  isDirty(name: string): boolean {
    return this.#dirty.has(name);
  }

  /** Resources whose prefixes cover any of the touched keys. */
  affected(keys: Iterable<string>): Resource[] {
    const list = [...keys];
    return this.#resources.filter((r) => list.some((k) => r.prefixes.some((p) => isUnderPrefix(k, p) || isUnderPrefix(p, k))));
  }

  /** Mark resources dirty because the store changed (quiescence applies). */
  markChanged(resources: Iterable<Resource>, now: number): void {
    for (const r of resources) {
      const state = this.#dirty.get(r.name);
      if (!state || state.retryAt !== undefined) this.#dirty.set(r.name, { firstChange: now, lastChange: now });
      else state.lastChange = now;
    }
  }

  /** Mark resources due immediately (first render, SIGUSR1, resync). */
  markNow(resources: Iterable<Resource>, now: number): void {
    for (const r of resources) this.#dirty.set(r.name, { firstChange: now, lastChange: now, retryAt: now });
  }

  /** Record the outcome of a render so failures are retried on the RENDER_RETRY backoff. */
  settle(resource: Resource, ok: boolean, now: number): void {
    if (ok) {
      this.#failures.delete(resource.name);
      return;
    }
    const n = (this.#failures.get(resource.name) ?? 0) + 1;
    this.#failures.set(resource.name, n);
    if (this.#dirty.has(resource.name)) return; // a newer change is already queued
    const delay = backoffDelay(RENDER_RETRY, n);
    this.#dirty.set(resource.name, { firstChange: now, lastChange: now, retryAt: now + delay });
  }

  failures(resource: Resource): number {
    return this.#failures.get(resource.name) ?? 0;
  }

  #dueAt(r: Resource, s: DirtyState): number {
    if (s.retryAt !== undefined) return s.retryAt;
    const wait = r.wait ?? this.#defaultWait;
    if (!wait) return s.lastChange;
    return Math.min(s.lastChange + wait.minMs, s.firstChange + wait.maxMs);
  }

  /** Remove and return the resources due at `now`, in resource order. */
  takeDue(now: number): Resource[] {
    const due = this.#resources.filter((r) => {
      const s = this.#dirty.get(r.name);
      return s !== undefined && this.#dueAt(r, s) <= now;
    });
    for (const r of due) this.#dirty.delete(r.name);
    return due;
  }

  /** Milliseconds until the next resource is due, or undefined when nothing is pending. */
  nextDueIn(now: number): number | undefined {
    let next: number | undefined;
    for (const r of this.#resources) {
      const s = this.#dirty.get(r.name);
      if (!s) continue;
      const at = this.#dueAt(r, s);
      next = next === undefined ? at : Math.min(next, at);
    }
    return next === undefined ? undefined : Math.max(0, next - now);
  }
}

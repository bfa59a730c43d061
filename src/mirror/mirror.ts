// The in-memory copy of every watched prefix, applied event by event (no re-read of the store).
import type { Change } from '../keys/change.js';
import type { Snapshot } from '../keys/snapshot.js';
import { isUnderPrefix, normalizeKey } from '../keys/prefix.js';
import { byKey, entry, lowerBound } from './sorted-entries.js';
import { View, type KeyValue } from './view.js';

/**
 * etcd keys are byte strings: `/a/b/` and `/a//b` are keys of their own, but templates address keys by normalised
 * path, so the mirror would merge them with `/a/b`. Such keys are refused (skipped in snapshots and events alike, so
 * render and watch agree) and reported once each through `onRefusedKey`.
 */
export function isCanonicalKey(key: string): boolean {
  return key === normalizeKey(key);
}

/** The log message for a refused key (the key is a field; its value is never logged). */
export const REFUSED_KEY = 'key skipped: a trailing or doubled "/" (or no leading "/") would merge it with another key';

export interface MirrorOptions {
  /** A key not in canonical form (no leading `/`, a trailing or doubled `/`) was skipped; called once per key. */
  onRefusedKey?: (key: string) => void;
}

export class Mirror {
  /**
   * Sorted by key. A view shares this array: the first write after a view copies it (pointers only, ~20 µs for
   * 10,000 keys) and entries are replaced, never changed, so each revision costs one copy however many keys moved
   * and templates iterate the stored entry objects themselves.
   */
  #entries: KeyValue[] = [];
  #shared = false;
  #dirs = new Set<string>();
  /** Keys whose value is not valid UTF-8 (their value is the lossy text): the view refuses them to templates. */
  #invalid = new Set<string>();
  #revision = -1n;
  #loaded = false;
  /** Cached view; dropped on every change. */
  #view: View | undefined;
  /** Non-canonical keys already reported (each is reported once). */
  readonly #refused = new Set<string>();
  readonly #onRefusedKey: ((key: string) => void) | undefined;

  constructor(opts: MirrorOptions = {}) {
    this.#onRefusedKey = opts.onRefusedKey;
  }

  get revision(): bigint {
    return this.#revision;
  }

  /** False until the first complete snapshot: nothing may be rendered from an empty mirror. */
  get loaded(): boolean {
    return this.#loaded;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Replace everything with a consistent snapshot. Returns the keys whose value changed. */
  load(snapshot: Snapshot): Set<string> {
    const changed = new Set<string>();
    const values = new Map<string, string>();
    for (const [k, v] of snapshot.keys) if (this.#accept(k)) values.set(k, v);
    const invalid = new Set([...(snapshot.invalid ?? [])].filter((k) => values.has(k)));
    const before = new Map(this.#entries.map((e) => [e.key, e]));
    const entries: KeyValue[] = [];
    for (const [k, v] of values) {
      const old = before.get(k);
      // Same text, different validity ("\uFFFD" stored vs. bytes decoded to it) is a change too.
      const same = old?.value === v && this.#invalid.has(k) === invalid.has(k);
      if (!same) changed.add(k);
      // An unchanged entry keeps its object: #each reuses output by entry identity (template/each-memo.ts).
      entries.push(same ? old : entry(k, v));
    }
    for (const k of before.keys()) if (!values.has(k)) changed.add(k);
    const dirs = new Set([...(snapshot.dirs ?? [])].map(normalizeKey));
    for (const d of dirs) if (!this.#dirs.has(d)) changed.add(d);
    for (const d of this.#dirs) if (!dirs.has(d)) changed.add(d);
    this.#entries = entries.sort(byKey);
    this.#shared = false;
    this.#invalid = invalid;
    this.#dirs = dirs;
    this.#revision = snapshot.revision;
    this.#loaded = true;
    this.#view = undefined;
    return changed;
  }

  /** Apply the events of one revision. Returns the keys touched (for dirty-marking). */
  apply(change: Change): Set<string> {
    const touched = new Set<string>();
    for (const event of change.events) {
      const key = event.key;
      if (!this.#accept(key)) continue;
      if (event.type === 'put') {
        if (this.#put(key, event.value, event.invalidUtf8 === true)) touched.add(key);
        this.#removeDirsAbove(key, touched);
      } else if (event.type === 'dir') {
        if (!this.#dirs.has(key)) {
          this.#dirs.add(key);
          touched.add(key);
        }
      } else {
        this.#delete(key, event.recursive === true, touched);
      }
    }
    if (change.revision > this.#revision) this.#revision = change.revision;
    this.#view = undefined;
    return touched;
  }

  /** Advance the revision without changes (progress notification). */
  advance(revision: bigint): void {
    if (revision > this.#revision) {
      this.#revision = revision;
      this.#view = undefined;
    }
  }

  /** Immutable view at the current revision. */
  view(): View {
    if (this.#view) return this.#view;
    this.#shared = true;
    this.#view = new View(this.#revision, this.#entries, [...this.#dirs].sort(), new Set(this.#invalid));
    return this.#view;
  }

  #accept(key: string): boolean {
    if (isCanonicalKey(key)) return true;
    if (!this.#refused.has(key)) {
      this.#refused.add(key);
      this.#onRefusedKey?.(key);
    }
    return false;
  }

  // True when the value or its validity changed.
  #put(key: string, value: string, invalid: boolean): boolean {
    const i = lowerBound(this.#entries, key);
    const old = this.#entries[i];
    const exists = old?.key === key;
    if (exists && old.value === value && this.#invalid.has(key) === invalid) return false;
    const entries = this.#writable();
    if (exists) entries[i] = entry(key, value);
    else entries.splice(i, 0, entry(key, value));
    if (invalid) this.#invalid.add(key);
    else this.#invalid.delete(key);
    return true;
  }

  #delete(key: string, recursive: boolean, touched: Set<string>): void {
    const i = lowerBound(this.#entries, key);
    if (this.#entries[i]?.key === key) {
      this.#writable().splice(i, 1);
      touched.add(key);
    }
    this.#invalid.delete(key);
    if (this.#dirs.delete(key)) touched.add(key);
    if (!recursive) return;
    const below = this.#entries.filter((e) => isUnderPrefix(e.key, key));
    if (below.length > 0) {
      this.#entries = this.#entries.filter((e) => !isUnderPrefix(e.key, key));
      this.#shared = false;
      for (const e of below) {
        this.#invalid.delete(e.key);
        touched.add(e.key);
      }
    }
    for (const d of [...this.#dirs]) {
      if (isUnderPrefix(d, key)) {
        this.#dirs.delete(d);
        touched.add(d);
      }
    }
  }

  #writable(): KeyValue[] {
    if (this.#shared) {
      this.#entries = this.#entries.slice();
      this.#shared = false;
    }
    return this.#entries;
  }

  // A dir that gains a key is no longer an "empty directory".
  #removeDirsAbove(key: string, touched: Set<string>): void {
    if (this.#dirs.size === 0) return;
    for (const d of this.#dirs) {
      if (key !== d && isUnderPrefix(key, d)) {
        this.#dirs.delete(d);
        touched.add(d);
      }
    }
  }
}

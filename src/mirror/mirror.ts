// The in-memory copy of every watched prefix, applied event by event (no re-read of the store).
import type { Change, Snapshot } from '../backends/key-source.js';
import { isUnderPrefix, normalizeKey } from '../backends/prefix.js';
import { CowMap } from './cow-map.js';
import { lowerBound } from './sorted-keys.js';
import { View } from './view.js';

export class Mirror {
  #values = new CowMap();
  #dirs = new Set<string>();
  /** Keys whose value is not valid UTF-8 (their value is the lossy text): the view refuses them to templates. */
  #invalid = new Set<string>();
  #revision = -1n;
  #loaded = false;
  /** Cached view; dropped on every change so each revision is copied at most once. */
  #view: View | undefined;
  #sortedKeys: string[] | undefined;

  get revision(): bigint {
    return this.#revision;
  }

  /** False until the first complete snapshot: nothing may be rendered from an empty mirror. */
  get loaded(): boolean {
    return this.#loaded;
  }

  get size(): number {
    return this.#values.size;
  }

  /** Replace everything with a consistent snapshot. Returns the keys whose value changed. */
  load(snapshot: Snapshot): Set<string> {
    const changed = new Set<string>();
    const next = new CowMap();
    for (const [k, v] of snapshot.keys) next.set(normalizeKey(k), v);
    const invalid = new Set([...(snapshot.invalid ?? [])].map(normalizeKey));
    // Same text, different validity ("\uFFFD" stored vs. bytes decoded to it) is a change too.
    for (const [k, v] of next.entries()) if (this.#values.get(k) !== v || this.#invalid.has(k) !== invalid.has(k)) changed.add(k);
    for (const k of this.#values.keys()) if (!next.has(k)) changed.add(k);
    const dirs = new Set([...(snapshot.dirs ?? [])].map(normalizeKey));
    for (const d of dirs) if (!this.#dirs.has(d)) changed.add(d);
    for (const d of this.#dirs) if (!dirs.has(d)) changed.add(d);
    this.#values = next;
    this.#invalid = invalid;
    this.#dirs = dirs;
    this.#revision = snapshot.revision;
    this.#loaded = true;
    this.#sortedKeys = undefined;
    this.#view = undefined;
    return changed;
  }

  /** Apply the events of one revision. Returns the keys touched (for dirty-marking). */
  apply(change: Change): Set<string> {
    const touched = new Set<string>();
    for (const event of change.events) {
      const key = normalizeKey(event.key);
      if (event.type === 'put') {
        const invalid = event.invalidUtf8 === true;
        if (this.#values.get(key) !== event.value || this.#invalid.has(key) !== invalid) {
          if (!this.#values.has(key)) this.#insertSorted(key);
          this.#values.set(key, event.value);
          if (invalid) this.#invalid.add(key);
          else this.#invalid.delete(key);
          touched.add(key);
        }
        this.#removeDirsAbove(key, touched);
      } else if (event.type === 'dir') {
        if (!this.#dirs.has(key)) {
          this.#dirs.add(key);
          touched.add(key);
        }
      } else {
        if (this.#values.delete(key)) {
          touched.add(key);
          this.#removeSorted(key);
        }
        this.#invalid.delete(key);
        if (this.#dirs.delete(key)) touched.add(key);
        if (event.recursive) {
          for (const k of [...this.#values.keys()]) {
            if (isUnderPrefix(k, key)) {
              this.#values.delete(k);
              this.#invalid.delete(k);
              touched.add(k);
              this.#sortedKeys = undefined;
            }
          }
          for (const d of [...this.#dirs]) {
            if (isUnderPrefix(d, key)) {
              this.#dirs.delete(d);
              touched.add(d);
            }
          }
        }
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
    this.#sortedKeys ??= [...this.#values.keys()].sort();
    this.#view = new View(this.#revision, this.#sortedKeys.slice(), this.#values.snapshot(), [...this.#dirs].sort(), new Set(this.#invalid));
    return this.#view;
  }

  // Keep the sorted key list current in place (O(n) memmove) rather than re-sorting all keys on the next view.
  #insertSorted(key: string): void {
    if (this.#sortedKeys) this.#sortedKeys.splice(lowerBound(this.#sortedKeys, key), 0, key);
  }

  #removeSorted(key: string): void {
    if (!this.#sortedKeys) return;
    const i = lowerBound(this.#sortedKeys, key);
    if (this.#sortedKeys[i] === key) this.#sortedKeys.splice(i, 1);
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

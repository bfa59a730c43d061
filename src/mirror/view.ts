// An immutable, sorted list of entries at one revision: what a render reads.
import { isUnderPrefix, normalizeKey } from '../keys/prefix.js';
import { byKey, entriesUnderPrefix, entry, findEntry } from './sorted-entries.js';

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

// The stripped copy of an entry, kept while the entry lives: the next view of an unchanged key hands templates the same
// object, so #each can reuse its output (template/each-memo.ts). One strip per entry covers the usual single resource.
const RENAMED = new WeakMap<KeyValue, { strip: string; entry: KeyValue }>();

function renamed(original: KeyValue, strip: string, rename: (key: string) => string): KeyValue {
  const hit = RENAMED.get(original);
  if (hit?.strip === strip) return hit.entry;
  const copy = entry(rename(original.key), original.value);
  RENAMED.set(original, { strip, entry: copy });
  return copy;
}

export class View {
  readonly revision: bigint;
  readonly dirs: readonly string[];
  /** Sorted by key, unique; the entry objects are frozen and shared with other views and with templates. */
  readonly #entries: readonly KeyValue[];
  /** Keys whose value is not valid UTF-8 (the value is the lossy text): helpers that read values refuse them. */
  readonly #invalid: ReadonlySet<string>;
  #keys: readonly string[] | undefined;
  /** Set by scope(): the store-wide view and the resource's `keys`, to tell "outside keys" from "not in the store". */
  #scopedFrom: { outer: View; prefixes: readonly string[]; strip: string } | undefined;

  /** `entries` must be sorted by key and unique; the View takes ownership of the arrays and the set. */
  constructor(revision: bigint, entries: readonly KeyValue[], dirs: readonly string[] = [], invalid: ReadonlySet<string> = new Set()) {
    this.revision = revision;
    this.#entries = entries;
    this.dirs = dirs;
    this.#invalid = invalid;
  }

  static fromEntries(
    revision: bigint,
    pairs: Iterable<[string, string]>,
    dirs: Iterable<string> = [],
    invalid: Iterable<string> = [],
  ): View {
    const values = new Map<string, string>();
    for (const [k, v] of pairs) values.set(normalizeKey(k), v);
    const entries = [...values].map(([k, v]) => entry(k, v)).sort(byKey);
    return new View(revision, entries, [...new Set([...dirs].map(normalizeKey))].sort(), new Set([...invalid].map(normalizeKey)));
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Sorted keys. */
  get keys(): readonly string[] {
    this.#keys ??= this.#entries.map((e) => e.key);
    return this.#keys;
  }

  get(key: string): string | undefined {
    return findEntry(this.#entries, key)?.value;
  }

  has(key: string): boolean {
    return findEntry(this.#entries, key) !== undefined;
  }

  /** True when some key's stored value is not valid UTF-8 (lets hot loops skip the per-key check). */
  get hasInvalid(): boolean {
    return this.#invalid.size > 0;
  }

  /** True when the key's stored value is not valid UTF-8. */
  isInvalid(key: string): boolean {
    return this.#invalid.has(key);
  }

  /** Keys under `prefix` ("/a" → "/a" and "/a/…"), sorted. */
  keysUnder(prefix: string): string[] {
    return this.entriesUnder(prefix).map((e) => e.key);
  }

  /** Entries under `prefix`, sorted by key: a new array of the view's own (frozen) entries, nothing copied. */
  entriesUnder(prefix: string): KeyValue[] {
    return entriesUnderPrefix(this.#entries, normalizeKey(prefix));
  }

  /** Every entry, sorted by key. */
  entries(): KeyValue[] {
    return this.#entries.slice();
  }

  /**
   * The part of the view a resource may see: keys under any of `prefixes`, with `strip`
   * (the resource's `prefix`) removed from the front, as confd presents them to templates.
   * Without a prefix to strip, the scoped view shares this view's entries.
   */
  scope(prefixes: readonly string[], strip = '/'): View {
    const stripped = normalizeKey(strip);
    const within = prefixes.map(normalizeKey);
    const runs = within.map((p) => entriesUnderPrefix(this.#entries, p));
    let entries = runs.length === 1 ? (runs[0] as KeyValue[]) : [...new Set(runs.flat())].sort(byKey);
    const inScope = (k: string): boolean => within.some((p) => isUnderPrefix(k, p)) && (stripped === '/' || isUnderPrefix(k, stripped));
    const rename = (key: string): string => (stripped === '/' ? key : key === stripped ? '/' : key.slice(stripped.length));
    // Removing a prefix every key shares keeps the order.
    if (stripped !== '/') entries = entries.filter((e) => isUnderPrefix(e.key, stripped)).map((e) => renamed(e, stripped, rename));
    const invalid = new Set([...this.#invalid].filter(inScope).map(rename));
    const dirs = this.dirs.filter(inScope).map(rename);
    const view = new View(this.revision, entries, dirs, invalid);
    view.#scopedFrom = { outer: this, prefixes: within, strip: stripped };
    return view;
  }

  /**
   * For a key this scoped view lacks: undefined when the key is inside the resource's `keys` (really absent),
   * else those keys and whether the store-wide view holds it, so "not found" can say which it is.
   */
  outsideScope(key: string): { prefixes: readonly string[]; inStore: boolean } | undefined {
    if (this.#scopedFrom === undefined) return undefined;
    const { outer, prefixes, strip } = this.#scopedFrom;
    const full = strip === '/' ? normalizeKey(key) : normalizeKey(strip + normalizeKey(key));
    if (prefixes.some((p) => isUnderPrefix(full, p))) return undefined;
    return { prefixes, inStore: outer.has(full) };
  }
}

// An immutable, sorted copy of keys at one revision: what a render reads.
import { isUnderPrefix, normalizeKey } from '../backends/prefix.js';

export interface KeyValue {
  key: string;
  value: string;
}

/** First index in the sorted array whose element is >= needle. */
function lowerBound(sorted: readonly string[], needle: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < needle) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Keys under prefix: the exact key, then the run of "prefix/…" keys. */
function keysUnderPrefix(sorted: readonly string[], prefix: string): string[] {
  if (prefix === '/') return sorted.slice();
  // "/a" sorts before "/a-x" and "/a/…" ("-" < "/"), so the exact key and the children are two runs.
  const exact = lowerBound(sorted, prefix);
  const children = sorted.slice(lowerBound(sorted, prefix + '/'), lowerBound(sorted, prefix + '0')); // '0' follows '/'
  if (sorted[exact] === prefix) children.unshift(prefix);
  return children;
}

export class View {
  readonly revision: bigint;
  /** Sorted keys. */
  readonly keys: readonly string[];
  readonly dirs: readonly string[];
  readonly #values: ReadonlyMap<string, string>;
  /** Keys whose value is not valid UTF-8 (the value is the lossy text): helpers that read values refuse them. */
  readonly #invalid: ReadonlySet<string>;

  /** `keys` must be sorted and unique; the View takes ownership of the arrays, map and set. */
  constructor(
    revision: bigint,
    keys: readonly string[],
    values: ReadonlyMap<string, string>,
    dirs: readonly string[] = [],
    invalid: ReadonlySet<string> = new Set(),
  ) {
    this.revision = revision;
    this.keys = keys;
    this.#values = values;
    this.dirs = dirs;
    this.#invalid = invalid;
  }

  static fromEntries(revision: bigint, entries: Iterable<[string, string]>, dirs: Iterable<string> = []): View {
    const values = new Map<string, string>();
    for (const [k, v] of entries) values.set(normalizeKey(k), v);
    const keys = [...values.keys()].sort();
    return new View(revision, keys, values, [...new Set([...dirs].map(normalizeKey))].sort());
  }

  get size(): number {
    return this.keys.length;
  }

  get(key: string): string | undefined {
    return this.#values.get(key);
  }

  has(key: string): boolean {
    return this.#values.has(key);
  }

  /** True when the key's stored value is not valid UTF-8. */
  isInvalid(key: string): boolean {
    return this.#invalid.has(key);
  }

  /** Keys under `prefix` ("/a" → "/a" and "/a/…"), sorted. */
  keysUnder(prefix: string): readonly string[] {
    return keysUnderPrefix(this.keys, normalizeKey(prefix));
  }

  /** Entries under `prefix`, sorted by key. */
  entriesUnder(prefix: string): KeyValue[] {
    return this.keysUnder(prefix).map((key) => ({ key, value: this.#values.get(key) as string }));
  }

  /** Every entry, sorted by key. */
  entries(): KeyValue[] {
    return this.keys.map((key) => ({ key, value: this.#values.get(key) as string }));
  }

  /**
   * The part of the view a resource may see: keys under any of `prefixes`, with `strip`
   * (the resource's `prefix`) removed from the front, as confd presents them to templates.
   */
  scope(prefixes: readonly string[], strip = '/'): View {
    const stripped = normalizeKey(strip);
    const values = new Map<string, string>();
    const invalid = new Set<string>();
    const rename = (key: string): string => (stripped === '/' ? key : normalizeKey(key.slice(stripped.length)));
    for (const prefix of prefixes) {
      for (const key of this.keysUnder(prefix)) {
        if (stripped !== '/' && !isUnderPrefix(key, stripped)) continue;
        values.set(rename(key), this.#values.get(key) as string);
        if (this.#invalid.has(key)) invalid.add(rename(key));
        else invalid.delete(rename(key));
      }
    }
    const dirs = this.dirs.filter((d) => prefixes.some((p) => isUnderPrefix(d, normalizeKey(p))) && (stripped === '/' || isUnderPrefix(d, stripped))).map(rename);
    return new View(this.revision, [...values.keys()].sort(), values, dirs, invalid);
  }
}

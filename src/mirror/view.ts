// An immutable, sorted copy of keys at one revision: what a render reads.
import { isUnderPrefix, normalizeKey } from '../backends/prefix.js';
import { keysUnderPrefix } from './sorted-keys.js';

/** Where a view reads values: a Map, a mirror snapshot, or a window onto another view. */
export interface ValueLookup {
  get(key: string): string | undefined;
  has(key: string): boolean;
  /** Value of a key known to be in the view (skips a window's bounds check). */
  known?(key: string): string | undefined;
}

export interface KeyValue {
  key: string;
  value: string;
}

export class View {
  readonly revision: bigint;
  /** Sorted keys. */
  readonly keys: readonly string[];
  readonly dirs: readonly string[];
  readonly #values: ValueLookup;
  /** Keys whose value is not valid UTF-8 (the value is the lossy text): helpers that read values refuse them. */
  readonly #invalid: ReadonlySet<string>;

  /** `keys` must be sorted and unique; the View takes ownership of the arrays, map and set. */
  constructor(
    revision: bigint,
    keys: readonly string[],
    values: ValueLookup,
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

  /** Value of a key taken from this view's own key list (`keys`, `keysUnder`): no bounds check. */
  valueOf(key: string): string | undefined {
    return this.#values.known ? this.#values.known(key) : this.#values.get(key);
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
  keysUnder(prefix: string): readonly string[] {
    return keysUnderPrefix(this.keys, normalizeKey(prefix));
  }

  /** Entries under `prefix`, sorted by key. */
  entriesUnder(prefix: string): KeyValue[] {
    return this.keysUnder(prefix).map((key) => ({ key, value: this.valueOf(key) as string }));
  }

  /** Every entry, sorted by key. */
  entries(): KeyValue[] {
    return this.keys.map((key) => ({ key, value: this.valueOf(key) as string }));
  }

  /**
   * The part of the view a resource may see: keys under any of `prefixes`, with `strip`
   * (the resource's `prefix`) removed from the front, as confd presents them to templates.
   * A window onto this view: no values are copied and a single prefix needs no sort.
   */
  scope(prefixes: readonly string[], strip = '/'): View {
    const stripped = normalizeKey(strip);
    const within = prefixes.map(normalizeKey);
    const runs = within.map((p) => keysUnderPrefix(this.keys, p));
    let keys = runs.length === 1 ? (runs[0] as string[]) : [...new Set(runs.flat())].sort();
    // Removing a prefix every key shares keeps the order.
    if (stripped !== '/') keys = keys.filter((k) => isUnderPrefix(k, stripped)).map((k) => (k === stripped ? '/' : k.slice(stripped.length)));
    const unstrip = (key: string): string => (stripped === '/' ? key : key === '/' ? stripped : stripped + key);
    const inScope = (k: string): boolean => within.some((p) => isUnderPrefix(k, p)) && (stripped === '/' || isUnderPrefix(k, stripped));
    const full = (key: string): string | undefined => {
      const k = unstrip(key);
      return inScope(k) ? k : undefined;
    };
    const values: ValueLookup = {
      get: (key) => {
        const k = full(key);
        return k === undefined ? undefined : this.#values.get(k);
      },
      has: (key) => {
        const k = full(key);
        return k !== undefined && this.#values.has(k);
      },
      known: (key) => this.valueOf(unstrip(key)),
    };
    const rename = (key: string): string => (stripped === '/' ? key : key === stripped ? '/' : key.slice(stripped.length));
    const invalid = new Set([...this.#invalid].filter(inScope).map(rename));
    const dirs = this.dirs.filter((d) => within.some((p) => isUnderPrefix(d, p)) && (stripped === '/' || isUnderPrefix(d, stripped))).map(rename);
    return new View(this.revision, keys, values, dirs, invalid);
  }
}

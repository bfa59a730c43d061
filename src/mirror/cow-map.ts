// A string map whose snapshot costs O(buckets), not O(keys): after a snapshot, a bucket is copied on its first write.
// The mirror takes a snapshot per revision it renders; with 10,000 keys a full Map copy cost ~3 ms and most of the GC.

const BUCKETS = 256;

/** FNV-1a over the length and the last 12 UTF-16 code units (keys under one prefix differ at the end). */
function bucketOf(key: string): number {
  let h = Math.imul(0x811c9dc5 ^ key.length, 0x01000193);
  for (let i = Math.max(0, key.length - 12); i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) & (BUCKETS - 1);
}

export interface ReadonlyStringMap {
  get(key: string): string | undefined;
  has(key: string): boolean;
  readonly size: number;
}

export class CowMap implements ReadonlyStringMap {
  #buckets: Array<Map<string, string>> = Array.from({ length: BUCKETS }, () => new Map());
  /** Buckets also referenced by a snapshot: copy before writing. */
  #shared = new Uint8Array(BUCKETS);
  #size = 0;

  constructor(entries?: Iterable<[string, string]>) {
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  get size(): number {
    return this.#size;
  }

  get(key: string): string | undefined {
    return (this.#buckets[bucketOf(key)] as Map<string, string>).get(key);
  }

  has(key: string): boolean {
    return (this.#buckets[bucketOf(key)] as Map<string, string>).has(key);
  }

  set(key: string, value: string): void {
    const bucket = this.#writable(bucketOf(key));
    if (!bucket.has(key)) this.#size++;
    bucket.set(key, value);
  }

  delete(key: string): boolean {
    const i = bucketOf(key);
    if (!(this.#buckets[i] as Map<string, string>).has(key)) return false;
    this.#writable(i).delete(key);
    this.#size--;
    return true;
  }

  *keys(): IterableIterator<string> {
    for (const bucket of this.#buckets) yield* bucket.keys();
  }

  *entries(): IterableIterator<[string, string]> {
    for (const bucket of this.#buckets) yield* bucket.entries();
  }

  /** An immutable view of the current contents; later writes to this map never show through. */
  snapshot(): ReadonlyStringMap {
    const buckets = this.#buckets.slice();
    this.#shared.fill(1);
    const size = this.#size;
    return {
      get: (key) => (buckets[bucketOf(key)] as Map<string, string>).get(key),
      has: (key) => (buckets[bucketOf(key)] as Map<string, string>).has(key),
      size,
    };
  }

  #writable(i: number): Map<string, string> {
    if (this.#shared[i] === 1) {
      this.#buckets[i] = new Map(this.#buckets[i]);
      this.#shared[i] = 0;
    }
    return this.#buckets[i] as Map<string, string>;
  }
}

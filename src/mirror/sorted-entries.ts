// Binary search over sorted entry arrays (the mirror's and every view's).
import type { KeyValue } from './view.js';

/** First index whose key is >= needle. */
export function lowerBound(sorted: readonly KeyValue[], needle: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as KeyValue).key < needle) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The entry with exactly this key, if any. */
export function findEntry(sorted: readonly KeyValue[], key: string): KeyValue | undefined {
  const hit = sorted[lowerBound(sorted, key)];
  return hit?.key === key ? hit : undefined;
}

/** Entries under prefix: the exact key, then the run of "prefix/…" keys (a new array; the entries are shared). */
export function entriesUnderPrefix(sorted: readonly KeyValue[], prefix: string): KeyValue[] {
  if (prefix === '/') return sorted.slice();
  // "/a" sorts before "/a-x" and "/a/…" ("-" < "/"), so the exact key and the children are two runs.
  const children = sorted.slice(lowerBound(sorted, prefix + '/'), lowerBound(sorted, prefix + '0')); // '0' follows '/'
  const exact = findEntry(sorted, prefix);
  if (exact !== undefined) children.unshift(exact);
  return children;
}

/** An entry as stored: frozen, because views share entry objects with each other and with templates. */
export function entry(key: string, value: string): KeyValue {
  return Object.freeze({ key, value });
}

/** Sort by key (keys are unique). */
export function byKey(a: KeyValue, b: KeyValue): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

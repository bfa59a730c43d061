// Binary search over sorted key arrays (the mirror's key list and every view's).

/** First index in the sorted array whose element is >= needle. */
export function lowerBound(sorted: readonly string[], needle: string): number {
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
export function keysUnderPrefix(sorted: readonly string[], prefix: string): string[] {
  if (prefix === '/') return sorted.slice();
  // "/a" sorts before "/a-x" and "/a/…" ("-" < "/"), so the exact key and the children are two runs.
  const exact = lowerBound(sorted, prefix);
  const children = sorted.slice(lowerBound(sorted, prefix + '/'), lowerBound(sorted, prefix + '0')); // '0' follows '/'
  if (sorted[exact] === prefix) children.unshift(prefix);
  return children;
}

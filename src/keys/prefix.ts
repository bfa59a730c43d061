// Exact prefix semantics: "/app" covers "/app" and "/app/…", never "/application" (confd's bug).

/** Normalise a key or prefix: leading slash, no trailing slash, no doubled slashes. "/" stays "/". */
export function normalizeKey(key: string): string {
  const parts = key.split('/').filter((p) => p !== '');
  return '/' + parts.join('/');
}

/** Join a resource prefix and a key: ("/prefix", "/upstream") → "/prefix/upstream". */
export function joinKey(prefix: string, key: string): string {
  return normalizeKey(`${prefix}/${key}`);
}

const SLASH = '/'.charCodeAt(0);

export function isUnderPrefix(key: string, prefix: string): boolean {
  if (prefix === '/') return true;
  return key === prefix || (key.startsWith(prefix) && key.charCodeAt(prefix.length) === SLASH);
}

/** Drop prefixes nested inside others and duplicates; result sorted. */
export function mergePrefixes(prefixes: Iterable<string>): string[] {
  const sorted = [...new Set([...prefixes].map(normalizeKey))].sort();
  const out: string[] = [];
  for (const p of sorted) {
    if (!out.some((q) => isUnderPrefix(p, q))) out.push(p);
  }
  return out;
}

/** Deepest key that every prefix is under ("/" when they share nothing). */
export function commonAncestor(prefixes: string[]): string {
  if (prefixes.length === 0) return '/';
  const split = prefixes.map((p) => normalizeKey(p).split('/').filter(Boolean));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return '/' + first.slice(0, n).join('/');
}

// Key maps compared and filtered by prefix: what a file backend hands out after each re-read.
import type { KeyEvent } from '../keys/change.js';
import { isUnderPrefix } from '../keys/prefix.js';

/** Keys under any of the (normalised) prefixes. */
export function pickUnder(keys: ReadonlyMap<string, string>, prefixes: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of keys) if (prefixes.some((p) => isUnderPrefix(key, p))) out.set(key, value);
  return out;
}

/** Puts for new or changed keys, deletes for vanished ones, only under the prefixes; sorted by key. */
export function diffUnder(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  prefixes: readonly string[],
): KeyEvent[] {
  const events: KeyEvent[] = [];
  const under = (key: string): boolean => prefixes.some((p) => isUnderPrefix(key, p));
  for (const [key, value] of after) {
    if (before.get(key) !== value && under(key)) events.push({ type: 'put', key, value });
  }
  for (const key of before.keys()) {
    if (!after.has(key) && under(key)) events.push({ type: 'delete', key });
  }
  return events.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function sameKeys(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

// confd's memkv functions over the resource's view: get, getv, gets, getvs, exists, ls, lsdir.
import { isUnderPrefix, normalizeKey } from '../keys/prefix.js';
import { TemplateError } from '../errors.js';
import { entry } from '../mirror/sorted-entries.js';
import type { KeyValue, View } from '../mirror/view.js';
import type { HelperSet } from './helper-context.js';
import { str } from './helper-context.js';
import { basePath } from './go-path.js';
import { matchEntries } from './pattern.js';

function notFound(view: View, key: string): TemplateError {
  // A key outside the resource's `keys` is never fetched: say so rather than "not found" when it may well exist.
  const outside = view.outsideScope(key);
  if (outside === undefined) return new TemplateError('KEY_NOT_FOUND', `key "${key}" not found`, { key });
  const where = outside.inStore ? 'it exists in the store, but' : 'it may exist in the store, but';
  const message = `key "${key}" not found: ${where} it is outside this resource's keys (${outside.prefixes.join(', ')}); add it or a prefix of it to keys`;
  return new TemplateError('KEY_NOT_FOUND', message, { key });
}

/** A value whose bytes are not UTF-8 is refused: rendering its lossy text would write bytes the key never held. */
function checkValid(view: View, key: string): void {
  if (view.isInvalid(key)) throw new TemplateError('INVALID_UTF8', `the value of key "${key}" is not valid UTF-8`, { key });
}

/** Path segments below `dir` of every key and empty dir strictly under it ("/" lists everything). */
function relativePaths(view: View, dir: string): string[] {
  const cut = dir === '/' ? 1 : dir.length + 1;
  const out: string[] = [];
  for (const key of view.keysUnder(dir)) if (key !== dir) out.push(key.slice(cut));
  for (const d of view.dirs) if (d !== dir && isUnderPrefix(d, dir)) out.push(d.slice(cut));
  return out;
}

/** Unique first segments under `dir`; with `nested`, only those that have something below them. */
function children(view: View, path: string, nested: boolean): string[] {
  const names = new Set<string>();
  // confd (memkv): ls of a key that holds a value lists the key's own name.
  if (!nested && path !== '/' && view.get(normalizeKey(path)) !== undefined) names.add(basePath(normalizeKey(path)));
  for (const rel of relativePaths(view, normalizeKey(path))) {
    const slash = rel.indexOf('/');
    if (slash === -1 && !nested) names.add(rel);
    else if (slash !== -1) names.add(rel.slice(0, slash));
  }
  return [...names].sort();
}

// `gets` over 10,000 keys runs once per render: it hands out the view's own (frozen) entries, and checks UTF-8
// only when some key is flagged.
function entries(view: View, pattern: string): KeyValue[] {
  const found = matchEntries(view, pattern);
  if (view.hasInvalid) for (const e of found) checkValid(view, e.key);
  return found;
}

export const KV_HELPERS: HelperSet = {
  get: {
    arity: [1, 1],
    pure: false,
    fn: ({ state }, k) => {
      const key = normalizeKey(str(k, 'key'));
      const value = state.view.get(key);
      if (value === undefined) throw notFound(state.view, key);
      checkValid(state.view, key);
      return entry(key, value); // frozen like the mirror's, so it prints as confd's KVPair (go-format.ts)
    },
  },
  getv: {
    arity: [1, 2],
    pure: false,
    fn: ({ state }, k, fallback) => {
      const key = normalizeKey(str(k, 'key'));
      const value = state.view.get(key);
      if (value !== undefined) {
        checkValid(state.view, key);
        return value;
      }
      if (fallback !== undefined) return str(fallback, 'default');
      throw notFound(state.view, key);
    },
  },
  gets: { arity: [1, 1], pure: false, fn: ({ state }, p) => entries(state.view, str(p, 'pattern')) },
  getvs: {
    arity: [1, 1],
    pure: false,
    fn: ({ state }, p) =>
      entries(state.view, str(p, 'pattern'))
        .map((kv) => kv.value)
        .sort(),
  },
  exists: { arity: [1, 1], pure: false, fn: ({ state }, k) => state.view.has(normalizeKey(str(k, 'key'))) },
  ls: { arity: [1, 1], pure: false, fn: ({ state }, p) => children(state.view, str(p, 'path'), false) },
  lsdir: { arity: [1, 1], pure: false, fn: ({ state }, p) => children(state.view, str(p, 'path'), true) },
};

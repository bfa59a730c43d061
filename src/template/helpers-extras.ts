// What operators asked for that Go's templates lack: default, first, last, sortNatural, matches.
import type { HelperSet } from './helper-context.js';
import { describeType } from '../errors.js';
import { HelperInputError, str } from './helper-context.js';
import { compareStrings, isKeyValueEntry } from './go-format.js';

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new HelperInputError(`${what} must be an array, got ${describeType(value, 'type only')}`);
  return value;
}

const CHUNKS = /\d+|\D+/g;

/** Natural order: runs of ASCII digits compare as numbers ("web-2" < "web-10"), the rest by UTF-8 bytes. */
export function compareNatural(a: string, b: string): number {
  const xs = a.match(CHUNKS) ?? [];
  const ys = b.match(CHUNKS) ?? [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i] as string;
    const y = ys[i] as string;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const [tx, ty] = [x.replace(/^0+/, ''), y.replace(/^0+/, '')];
      if (tx.length !== ty.length) return tx.length - ty.length;
      if (tx !== ty) return tx < ty ? -1 : 1;
      return x.length - y.length; // same number: fewer leading zeros first
    }
    return compareStrings(x, y);
  }
  return xs.length - ys.length;
}

function sortNatural(value: unknown): unknown[] {
  const items = list(value, 'list');
  if (items.every((item) => typeof item === 'string')) return [...items].sort(compareNatural);
  if (items.every(isKeyValueEntry)) return [...items].sort((x, y) => compareNatural(String(x.key), String(y.key)));
  throw new HelperInputError('sortNatural sorts an array of strings or of {key, value} entries');
}

const REGEX_CACHE = new Map<string, RegExp>();
const REGEX_CACHE_SIZE = 256;

/** A JavaScript RegExp (u flag); a leading Go/RE2 flag group such as (?i) or (?is) becomes RegExp flags. */
export function compilePattern(pattern: string): RegExp {
  const cached = REGEX_CACHE.get(pattern);
  if (cached !== undefined) return cached;
  const flagGroup = /^\(\?([ims]+)\)/.exec(pattern);
  let regex: RegExp;
  try {
    regex = new RegExp(flagGroup ? pattern.slice(flagGroup[0].length) : pattern, `u${flagGroup?.[1] ?? ''}`);
  } catch (error) {
    // The engine's message quotes the pattern, which may come from a key: keep only the reason.
    const reason = (error as Error).message.split(': ').at(-1) ?? 'invalid';
    throw new HelperInputError(`invalid regular expression: ${reason}`);
  }
  if (REGEX_CACHE.size >= REGEX_CACHE_SIZE) REGEX_CACHE.clear();
  REGEX_CACHE.set(pattern, regex);
  return regex;
}

export const EXTRA_HELPERS: HelperSet = {
  default: { arity: [2, 2], pure: true, fn: (_, value, fallback) => (value === undefined || value === null ? fallback : value) },
  first: { arity: [1, 1], pure: true, fn: (_, v) => list(v, 'list')[0] },
  last: { arity: [1, 1], pure: true, fn: (_, v) => list(v, 'list').at(-1) },
  sortNatural: { arity: [1, 1], pure: true, fn: (_, v) => sortNatural(v) },
  matches: { arity: [2, 2], pure: true, fn: (_, s, pattern) => compilePattern(str(pattern, 'pattern')).test(str(s, 'string')) },
};

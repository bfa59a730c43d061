// confd's string functions (Go strings, path and encoding/base64 semantics); printf is go-printf.ts.
import { basePath, dirPath } from './go-path.js';
import { sprintf } from './go-printf.js';
import type { HelperSet } from './helper-context.js';
import { HelperInputError, str } from './helper-context.js';
import { toInt } from './helpers-math.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Go strings.Replace: the first `n` occurrences, all when n < 0; an empty `old` matches between characters. */
export function replaceN(s: string, old: string, replacement: string, n: number): string {
  const parts = old === '' ? ['', ...s, ''] : s.split(old);
  if (n < 0 || n >= parts.length - 1) return parts.join(replacement);
  return parts.slice(0, n + 1).join(replacement) + old + parts.slice(n + 1).join(old);
}

function toArray(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new HelperInputError(`${what} must be an array`);
}

export const STRING_HELPERS: HelperSet = {
  printf: { arity: [1, Infinity], pure: true, fn: (_, format, ...args) => sprintf(str(format, 'format'), args) },
  base: { arity: [1, 1], pure: true, fn: (_, p) => basePath(str(p, 'path')) },
  dir: { arity: [1, 1], pure: true, fn: (_, p) => dirPath(str(p, 'path')) },
  split: {
    arity: [2, 2],
    pure: true,
    fn: (_, s, sep) => {
      const text = str(s, 'string');
      const by = str(sep, 'separator');
      return by === '' ? [...text] : text.split(by);
    },
  },
  join: {
    arity: [2, 2],
    pure: true,
    fn: (_, list, sep) =>
      toArray(list, 'list')
        .map((v, i) => str(v, `element ${i}`))
        .join(str(sep, 'separator')),
  },
  toUpper: { arity: [1, 1], pure: true, fn: (_, s) => str(s, 'string').toUpperCase() },
  toLower: { arity: [1, 1], pure: true, fn: (_, s) => str(s, 'string').toLowerCase() },
  contains: { arity: [2, 2], pure: true, fn: (_, s, sub) => str(s, 'string').includes(str(sub, 'substring')) },
  replace: {
    arity: [3, 4],
    pure: true,
    fn: (_, s, old, replacement, n) =>
      replaceN(str(s, 'string'), str(old, 'old'), str(replacement, 'new'), n === undefined ? -1 : toInt(n, 'count')),
  },
  trimSuffix: {
    arity: [2, 2],
    pure: true,
    fn: (_, s, suffix) => {
      const text = str(s, 'string');
      const end = str(suffix, 'suffix');
      return end !== '' && text.endsWith(end) ? text.slice(0, -end.length) : text;
    },
  },
  base64Encode: { arity: [1, 1], pure: true, fn: (_, s) => Buffer.from(str(s, 'string'), 'utf8').toString('base64') },
  base64Decode: {
    arity: [1, 1],
    pure: true,
    fn: (_, s) => {
      const text = str(s, 'string').replace(/[\r\n]/g, '');
      if (!BASE64.test(text)) throw new HelperInputError('illegal base64 data');
      return Buffer.from(text, 'base64').toString('utf8');
    },
  },
};

// confd's remaining functions: environment, JSON, maps, booleans, list ordering, files and time.
import { statSync } from 'node:fs';
import type { Dialect } from './dialect.js';
import { goFloatReviver } from './go-float.js';
import type { KeyValue } from '../mirror/view.js';
import type { HelperSet } from './helper-context.js';
import { describeType } from '../errors.js';
import { HelperInputError, str } from './helper-context.js';

/** A Date that prints as ISO 8601 UTC, so `{{datetime}}` is stable across hosts' locales and time zones. */
export class TemplateDate extends Date {
  override toString(): string {
    return this.toISOString();
  }
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

// In the confd dialect numbers are Go's float64 (go-float.ts), so they print as confd printed them.
function parseJson(text: string, want: 'object' | 'array', dialect: Dialect): unknown {
  let parsed: unknown;
  try {
    parsed = dialect === 'confd' ? JSON.parse(text, goFloatReviver) : JSON.parse(text);
  } catch (error) {
    throw new HelperInputError(`invalid JSON: ${(error as Error).message}`);
  }
  // Go's json.Unmarshal of "null" leaves an empty map/slice.
  if (parsed === null) return want === 'array' ? [] : Object.create(null);
  const isArray = Array.isArray(parsed);
  if (want === 'array' ? isArray : typeof parsed === 'object' && !isArray) return parsed;
  throw new HelperInputError(`JSON ${want} expected, got ${describeType(parsed, 'type only')}`);
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new HelperInputError(`${what} must be an array, got ${describeType(value, 'type only')}`);
  return value;
}

function isKeyValue(v: unknown): v is KeyValue {
  return typeof v === 'object' && v !== null && typeof (v as KeyValue).key === 'string';
}

/** Stable sort by Go's len(): UTF-8 bytes. */
function byByteLength<T>(items: readonly T[], measure: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, n: Buffer.byteLength(measure(item)) }))
    .sort((a, b) => a.n - b.n)
    .map((x) => x.item);
}

// Like confd (os.Stat, false only when missing). It reads the filesystem: not pure.
function fileExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

export const MISC_HELPERS: HelperSet = {
  getenv: {
    arity: [1, 2],
    pure: false,
    fn: ({ state }, name, fallback) => {
      const value = state.env[str(name, 'variable name')];
      if (value !== undefined && value !== '') return value;
      return fallback === undefined ? '' : str(fallback, 'default');
    },
  },
  json: { arity: [1, 1], pure: true, fn: ({ state }, s) => parseJson(str(s, 'JSON text'), 'object', state.dialect) },
  jsonArray: { arity: [1, 1], pure: true, fn: ({ state }, s) => parseJson(str(s, 'JSON text'), 'array', state.dialect) },
  map: {
    arity: [0, Infinity],
    pure: true,
    fn: (_, ...pairs) => {
      if (pairs.length % 2 !== 0) throw new HelperInputError('needs key/value pairs, got an odd number of arguments');
      const out = Object.create(null) as Record<string, unknown>;
      for (let i = 0; i < pairs.length; i += 2) {
        const key = pairs[i];
        if (typeof key !== 'string')
          throw new HelperInputError(`map keys must be strings, argument ${i + 1} is ${describeType(key, 'type only')}`);
        out[key] = pairs[i + 1];
      }
      return out;
    },
  },
  parseBool: {
    arity: [1, 1],
    pure: true,
    fn: (_, v) => {
      const s = str(v, 'value');
      if (TRUE.has(s)) return true;
      if (FALSE.has(s)) return false;
      throw new HelperInputError(`strconv.ParseBool: parsing "${s}": invalid syntax`);
    },
  },
  reverse: {
    arity: [1, 1],
    pure: true,
    fn: (_, v) => (typeof v === 'string' ? [...v].reverse().join('') : [...list(v, 'value')].reverse()),
  },
  sortByLength: {
    arity: [1, 1],
    pure: true,
    fn: (_, v) =>
      byByteLength(
        list(v, 'list').map((s, i) => str(s, `element ${i}`)),
        (s) => s,
      ),
  },
  sortKVByLength: {
    arity: [1, 1],
    pure: true,
    fn: (_, v) => {
      const items = list(v, 'list');
      const bad = items.findIndex((item) => !isKeyValue(item));
      if (bad !== -1) throw new HelperInputError(`element ${bad} is not a {key, value} pair`);
      return byByteLength(items as KeyValue[], (kv) => kv.key);
    },
  },
  fileExists: { arity: [1, 1], pure: false, fn: (_, p) => fileExists(str(p, 'path')) },
  datetime: { arity: [0, 0], pure: false, fn: ({ state }) => new TemplateDate(state.now.getTime()) },
};

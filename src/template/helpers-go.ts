// Go text/template's remaining built-ins: len, index, slice, print, println, urlquery, html, js.
import { formatGoValue, isKeyValueEntry, isPlainObject } from './go-format.js';
import { htmlEscape, jsEscape, queryEscape } from './go-escape.js';
import { goTypeName } from './go-printf.js';
import type { HelperSet } from './helper-context.js';
import { HelperInputError } from './helper-context.js';

/** fmt.Sprint: a space between operands when neither side is a string; a missing value prints as Go's nil. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  let previousString = false;
  args.forEach((arg, i) => {
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && !previousString) out += ' ';
    out += formatGoValue(arg ?? null);
    previousString = isString;
  });
  return out;
}

/** fmt.Sprintln: operands always separated by spaces, then a newline. */
export function sprintln(args: readonly unknown[]): string {
  return `${args.map((arg) => formatGoValue(arg ?? null)).join(' ')}\n`;
}

/** text/template's evalArgs: a lone string as is, anything else through Sprint. */
function evalArgs(args: readonly unknown[]): string {
  return args.length === 1 && typeof args[0] === 'string' ? args[0] : sprint(args);
}

function goLen(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (Array.isArray(value)) return value.length;
  if (value === null || value === undefined) throw new HelperInputError('len of nil');
  if (isPlainObject(value) && !isKeyValueEntry(value)) return Object.keys(value).length;
  throw new HelperInputError(`len of ${goTypeName(value)}`);
}

function intIndex(index: unknown, position: number): number {
  if (typeof index === 'number' && Number.isInteger(index)) return index;
  throw new HelperInputError(`cannot index an array or string with ${goTypeName(index)} (argument ${position})`);
}

function indexOne(item: unknown, index: unknown, position: number): unknown {
  if (item === null || item === undefined) throw new HelperInputError(`index of nil (argument ${position - 1})`);
  if (Array.isArray(item) || typeof item === 'string') {
    const i = intIndex(index, position);
    const bytes = typeof item === 'string' ? Buffer.from(item, 'utf8') : undefined;
    const length = bytes?.length ?? (item as unknown[]).length;
    if (i < 0 || i >= length) throw new HelperInputError(`index out of range: ${i}`);
    // Go indexes a string by byte and gets a number (uint8).
    return bytes === undefined ? (item as unknown[])[i] : bytes[i];
  }
  if (isPlainObject(item) && !isKeyValueEntry(item)) {
    if (typeof index !== 'string') throw new HelperInputError(`map keys are strings, argument ${position} is ${goTypeName(index)}`);
    // A missing key gives Go's zero value of interface{}: nil, which templates see as a missing value.
    return Object.hasOwn(item, index) ? item[index] : undefined;
  }
  throw new HelperInputError(`can't index ${goTypeName(item)}`);
}

/** Go's slice on strings (bytes, cut on UTF-8 boundaries only) and arrays (up to 3 indexes, cap = length). */
function goSlice(item: unknown, indexes: readonly unknown[]): unknown {
  if (item === null || item === undefined) throw new HelperInputError('slice of nil');
  const isString = typeof item === 'string';
  if (!isString && !Array.isArray(item)) throw new HelperInputError(`can't slice ${goTypeName(item)}`);
  if (isString && indexes.length > 2) throw new HelperInputError('cannot 3-index slice a string');
  const bytes = isString ? Buffer.from(item, 'utf8') : undefined;
  const length = bytes?.length ?? (item as unknown[]).length;
  const bounds = [0, length, length];
  indexes.forEach((index, k) => {
    const i = intIndex(index, k + 2);
    if (i < 0 || i > length) throw new HelperInputError(`index out of range: ${i}`);
    bounds[k] = i;
  });
  for (let k = 1; k < Math.max(indexes.length, 2); k++) {
    const [low, high] = [bounds[k - 1] as number, bounds[k] as number];
    if (low > high) throw new HelperInputError(`invalid slice index: ${low} > ${high}`);
  }
  const [from, to] = bounds as [number, number];
  if (bytes === undefined) return (item as unknown[]).slice(from, to);
  // Go would write the broken UTF-8 sequence into the file; we refuse (a deliberate difference).
  for (const at of [from, to]) {
    const b = bytes[at];
    if (b !== undefined && (b & 0xc0) === 0x80) throw new HelperInputError(`slice index ${at} is inside a UTF-8 character`);
  }
  return bytes.subarray(from, to).toString('utf8');
}

export const GO_HELPERS: HelperSet = {
  len: { arity: [1, 1], pure: true, fn: (_, v) => goLen(v) },
  index: {
    arity: [1, Infinity],
    pure: true,
    fn: (_, item, ...indexes) => indexes.reduce((current, index, k) => indexOne(current, index, k + 2), item),
  },
  slice: { arity: [1, 4], pure: true, fn: (_, item, ...indexes) => goSlice(item, indexes) },
  print: { arity: [0, Infinity], pure: true, fn: (_, ...args) => sprint(args) },
  println: { arity: [0, Infinity], pure: true, fn: (_, ...args) => sprintln(args) },
  urlquery: { arity: [1, Infinity], pure: true, fn: (_, ...args) => queryEscape(evalArgs(args)) },
  html: { arity: [1, Infinity], pure: true, fn: (_, ...args) => htmlEscape(evalArgs(args)) },
  js: { arity: [1, Infinity], pure: true, fn: (_, ...args) => jsEscape(evalArgs(args)) },
};

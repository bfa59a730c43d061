// Go's %v for the values templates meet, so converted confd templates print what confd printed.
import { formatFloat, GoFloat } from './go-float.js';

/** Go compares strings byte by byte; UTF-16 order differs from it only when a surrogate pair is involved. */
export function compareStrings(a: string, b: string): number {
  if (/[\ud800-\udfff]/.test(a) || /[\ud800-\udfff]/.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A mirror entry, printed as confd's KVPair struct: `{key value}`. */
export function isKeyValueEntry(value: unknown): value is { readonly key: unknown; readonly value: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.isFrozen(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && keys.includes('key') && keys.includes('value');
}

/** A JSON-like object (Go map[string]interface{}): an object whose prototype is Object.prototype or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/**
 * Print a composite value Go's way, formatting each scalar with `leaf`: arrays `[a b]`, maps `map[k:v]` with sorted
 * keys, mirror entries `{k v}`. fmt applies a verb's flags to every element, so printf passes its own `leaf`.
 */
export function walkGoValue(value: unknown, leaf: (scalar: unknown) => string): string {
  if (Array.isArray(value)) return `[${value.map((v) => walkGoValue(v, leaf)).join(' ')}]`;
  if (isKeyValueEntry(value)) return `{${walkGoValue(value.key, leaf)} ${walkGoValue(value.value, leaf)}}`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort(compareStrings);
    return `map[${keys.map((k) => `${leaf(k)}:${walkGoValue(value[k], leaf)}`).join(' ')}]`;
  }
  return leaf(value);
}

/** Go's %v of a scalar; objects other than arrays, maps and entries (a Date from datetime) print with toString. */
function formatScalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? BigInt(value).toString() : formatFloat(value, 'g', -1);
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '<no value>';
    default:
      if (value === null) return '<nil>';
      if (value instanceof GoFloat) return formatFloat(value.value, 'g', -1);
      return value instanceof Date ? value.toString() : Object.prototype.toString.call(value);
  }
}

/**
 * Go's fmt %v of a template value: strings as-is, integers as Go ints, other numbers as float64 (`1e-07`,
 * `1.5e+06`), `null` → `<nil>`, `undefined` (a missing value) → `<no value>`, arrays `[a b c]`, objects
 * `map[k1:v1 k2:v2]` (sorted keys), mirror entries `{k v}` as confd's KVPair.
 */
export function formatGoValue(value: unknown): string {
  return typeof value === 'string' ? value : walkGoValue(value, formatScalar);
}

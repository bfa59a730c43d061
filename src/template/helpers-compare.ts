// Go text/template's comparison and logic functions: eq ne lt le gt ge, and or not (Go 1.18+ semantics).
import { GoFloat } from './go-float.js';
import { compareStrings, isKeyValueEntry } from './go-format.js';
import { goTypeName } from './go-printf.js';
import type { HelperSet, HelperSpec } from './helper-context.js';
import { HelperInputError } from './helper-context.js';

type Kind = 'nil' | 'number' | 'string' | 'bool' | 'entry' | 'other';

function kindOf(value: unknown): Kind {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'number' || value instanceof GoFloat) return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  return isKeyValueEntry(value) ? 'entry' : 'other';
}

function incompatible(a: unknown, b: unknown, position: number): HelperInputError {
  const types = `argument 1 is ${goTypeName(a)}, argument ${position} is ${goTypeName(b)}`;
  return new HelperInputError(`incompatible types for comparison: ${types}`);
}

/** Go's eq for two values: same basic kind, or nil against anything (false unless both are nil). */
function equal(a: unknown, b: unknown, position: number): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'nil' || kb === 'nil') return ka === kb;
  if (ka !== kb) throw incompatible(a, b, position);
  if (ka === 'other') throw new HelperInputError(`non-comparable type: argument ${position} is ${goTypeName(b)}`);
  if (ka === 'entry') {
    const [x, y] = [a as { key: unknown; value: unknown }, b as { key: unknown; value: unknown }];
    return x.key === y.key && x.value === y.value;
  }
  return ka === 'number' ? Number(a) === Number(b) : a === b;
}

/** Go's lt: numbers or strings of the same kind; booleans, nil and composites cannot be ordered. */
function less(a: unknown, b: unknown): boolean {
  for (const [value, position] of [
    [a, 1],
    [b, 2],
  ] as const) {
    const kind = kindOf(value);
    if (kind !== 'number' && kind !== 'string') {
      throw new HelperInputError(`invalid type for comparison: argument ${position} is ${goTypeName(value)}`);
    }
  }
  if (kindOf(a) !== kindOf(b)) throw incompatible(a, b, 2);
  return typeof a === 'string' ? compareStrings(a, b as string) < 0 : Number(a) < Number(b);
}

/** Go's truth: false, 0, "", nil, and empty arrays and maps are false; everything else is true. */
export function isTrue(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (value instanceof GoFloat) return value.value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && !isKeyValueEntry(value) && !(value instanceof Date)) return Object.keys(value).length > 0;
  return true;
}

/** A lazy helper's argument: the compiler passes thunks, a direct call may pass values. */
function force(arg: unknown): unknown {
  return typeof arg === 'function' ? (arg as () => unknown)() : arg;
}

/** and/or: evaluate left to right and return the deciding operand (Go 1.18+ short-circuits). */
function logic(stopWhen: boolean): HelperSpec {
  return {
    arity: [1, Infinity],
    pure: true,
    lazy: true,
    fn: (_, ...args) => {
      let value: unknown;
      for (const arg of args) {
        value = force(arg);
        if (isTrue(value) === stopWhen) return value;
      }
      return value;
    },
  };
}

export const COMPARE_HELPERS: HelperSet = {
  eq: {
    arity: [2, Infinity],
    pure: true,
    fn: (_, first, ...rest) => rest.some((other, i) => equal(first, other, i + 2)),
  },
  ne: { arity: [2, 2], pure: true, fn: (_, a, b) => !equal(a, b, 2) },
  lt: { arity: [2, 2], pure: true, fn: (_, a, b) => less(a, b) },
  le: { arity: [2, 2], pure: true, fn: (_, a, b) => less(a, b) || equal(a, b, 2) },
  gt: { arity: [2, 2], pure: true, fn: (_, a, b) => !(less(a, b) || equal(a, b, 2)) },
  ge: { arity: [2, 2], pure: true, fn: (_, a, b) => !less(a, b) },
  and: logic(false),
  or: logic(true),
  not: { arity: [1, 1], pure: true, fn: (_, v) => !isTrue(v) },
};

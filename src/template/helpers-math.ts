// confd's integer arithmetic (Go int semantics: integer division truncates, x/0 is an error) plus atoi and seq.
import type { HelperSet } from './helper-context.js';
import { describeType } from '../errors.js';
import { HelperInputError } from './helper-context.js';

/** Longest list `seq` builds, so a template cannot exhaust memory. */
export const SEQ_LIMIT = 1_000_000;

/** Go strconv.Atoi: optional sign and decimal digits, nothing else. */
export function atoi(s: string): number {
  // Go's message quotes the string; it may come from a key, so ours gives only its length.
  if (!/^[+-]?\d+$/.test(s)) throw new HelperInputError(`strconv.Atoi: parsing a string of ${s.length} characters: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new HelperInputError(`strconv.Atoi: parsing a string of ${s.length} characters: value out of range`);
  return n === 0 ? 0 : n; // no "-0"
}

/** An integer argument: an integer number, or a string Atoi accepts (values from keys are strings). */
export function toInt(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string') return atoi(value);
  throw new HelperInputError(
    `${what} must be an integer, got ${typeof value === 'number' ? 'a number with a fraction or beyond 2^53' : describeType(value, 'type only')}`,
  );
}

function safe(n: number): number {
  if (!Number.isSafeInteger(n)) throw new HelperInputError('integer overflow');
  return n === 0 ? 0 : n;
}

function binary(op: (a: number, b: number) => number): HelperSet[string] {
  return { arity: [2, 2], pure: true, fn: (_, a, b) => safe(op(toInt(a, 'first operand'), toInt(b, 'second operand'))) };
}

function nonZero(b: number): number {
  if (b === 0) throw new HelperInputError('integer divide by zero');
  return b;
}

export const MATH_HELPERS: HelperSet = {
  add: binary((a, b) => a + b),
  sub: binary((a, b) => a - b),
  mul: binary((a, b) => a * b),
  div: binary((a, b) => Math.trunc(a / nonZero(b))),
  mod: binary((a, b) => a % nonZero(b)),
  atoi: { arity: [1, 1], pure: true, fn: (_, s) => (typeof s === 'string' ? atoi(s) : toInt(s, 'value')) },
  seq: {
    arity: [2, 2],
    pure: true,
    fn: (_, first, last) => {
      const from = toInt(first, 'first');
      const to = toInt(last, 'last');
      if (to - from + 1 > SEQ_LIMIT) throw new HelperInputError(`seq ${from} ${to} would exceed ${SEQ_LIMIT} elements`);
      const out: number[] = [];
      for (let i = from; i <= to; i++) out.push(i);
      return out;
    },
  },
};

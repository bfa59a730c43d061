// Registers helpers behind one wrapper: strips Handlebars' options, checks arity, and turns any
// failure into a TemplateError that names the template file and line.
import { ConfettiError, TemplateError, describeError, describeType } from '../errors.js';
import type { Location } from './locate.js';
import { templateError } from './locate.js';
import type { HelperOptions, RenderState } from './render-state.js';
import { readState } from './render-state.js';

export interface HelperContext {
  readonly state: RenderState;
  readonly name: string;
}

/** What every helper declares in its own definition, ours and Handlebars' built-ins alike (handlebars.ts). */
export interface HelperTraits {
  /** Fewest and most arguments (options excluded); checked at compile time (helper-arity.ts). */
  readonly arity: readonly [min: number, max: number];
  /**
   * The result depends on the arguments alone: not on the store, the environment, the clock, files, DNS answers or a
   * variable cell. An #each body that calls only pure helpers may reuse its output for an unchanged item (each-memo.ts).
   */
  readonly pure: boolean;
}

export interface HelperSpec extends HelperTraits {
  /** Called with the arguments themselves: destructuring an args array cost ~200 ns per call (half a 10,000-key render). */
  readonly fn: (ctx: HelperContext, ...args: unknown[]) => unknown;
  /** Arguments arrive unevaluated, as functions (handlebars-internals.ts), so the helper can stop early (Go's and/or). */
  readonly lazy?: boolean;
}

export type HelperSet = Readonly<Record<string, HelperSpec>>;

/** A helper that takes Handlebars' options itself (block helpers: #each, #if, #let…). */
export type RawHelper = (this: unknown, ...args: unknown[]) => unknown;

export interface RawHelperSpec extends HelperTraits {
  readonly raw: RawHelper;
}

/** Thrown by helpers for bad input; the wrapper adds file and line. */
export class HelperInputError extends Error {}

function plural(n: number): string {
  return n === 1 ? '1 argument' : `${n} arguments`;
}

export function arityMessage(name: string, [min, max]: readonly [number, number], got: number): string {
  const want = min === max ? plural(min) : max === Infinity ? `at least ${plural(min)}` : `${min} to ${max} arguments`;
  return `${name} expects ${want}, got ${got}`;
}

// Built only on the error path: helpers run once per key per render, errors almost never.
function locationOf(options: HelperOptions): Location {
  const start = options.loc?.start;
  return start === undefined ? {} : { line: start.line, column: start.column + 1 };
}

/** Wrap a spec as a Handlebars helper function. */
export function toHandlebarsHelper(name: string, spec: HelperSpec): (...raw: unknown[]) => unknown {
  const [min, max] = spec.arity;
  const fn = spec.fn;
  return function helper(...raw: unknown[]): unknown {
    const options = raw.pop() as HelperOptions;
    const state = readState(options);
    if (raw.length < min || raw.length > max)
      throw templateError('HELPER_ARGS', state.file, locationOf(options), arityMessage(name, spec.arity, raw.length));
    try {
      return raw.length === 1 ? fn({ state, name }, raw[0]) : fn({ state, name }, ...raw);
    } catch (error) {
      throw helperError(error, name, state, options);
    }
  };
}

function helperError(error: unknown, name: string, state: RenderState, options: HelperOptions): unknown {
  if (error instanceof TemplateError && error.file !== undefined) return error;
  const code = error instanceof ConfettiError ? error.code : 'HELPER_FAILED';
  const key = error instanceof ConfettiError ? error.key : undefined;
  return templateError(code, state.file, locationOf(options), `${name}: ${describeError(error)}`, {
    cause: error,
    ...(key === undefined ? {} : { key }),
  });
}

/** An argument as a string: strings as-is, numbers and booleans printed, anything else refused. */
export function str(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new HelperInputError(`${what} must be a string, got ${describeType(value, 'type only')}`);
}

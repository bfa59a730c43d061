// Block helpers that carry Go template semantics into Handlebars: variables (`let`, `cell`, `setVar`, what
// `confetti convert` writes for `$x := …` and `$x = …`) and Go's truth for if/unless/with.
import type { HelperSet, RawHelper, RawHelperSpec } from './helper-context.js';
import { HelperInputError } from './helper-context.js';
import { isTrue } from './helpers-compare.js';
import type { HelperOptions } from './render-state.js';

type Program = (context: unknown, options?: { data?: unknown; blockParams?: unknown[] }) => string;
interface BlockOptions extends Omit<HelperOptions, 'fn'> {
  fn: Program;
  inverse: Program;
}

/** A variable that can be assigned after its declaration (Go's `$x = value`). */
export interface Cell {
  value: unknown;
}

function block(options: unknown, name: string, arity: number, args: unknown[]): BlockOptions {
  const o = options as BlockOptions;
  if (args.length !== arity || typeof o.fn !== 'function') {
    throw new Error(`#${name} requires exactly ${arity === 1 ? 'one argument' : `${arity} arguments`} and a block`);
  }
  return o;
}

const scope = (raw: RawHelper): RawHelperSpec => ({ arity: [1, 1], pure: true, raw });

/** Raw Handlebars helpers (they take Handlebars' options themselves). */
export const SCOPE_HELPERS: Readonly<Record<string, RawHelperSpec>> = {
  // {{#let value as |x|}}…{{/let}}: x is value inside the block; the context stays.
  let: scope(function (this: unknown, ...args: unknown[]): unknown {
    const options = block(args.pop(), 'let', 1, args);
    return options.fn(this, { data: options.data, blockParams: [args[0]] });
  }),
  if: scope(function (this: unknown, ...args: unknown[]): unknown {
    const options = block(args.pop(), 'if', 1, args);
    return isTrue(args[0]) ? options.fn(this) : options.inverse(this);
  }),
  unless: scope(function (this: unknown, ...args: unknown[]): unknown {
    const options = block(args.pop(), 'unless', 1, args);
    return isTrue(args[0]) ? options.inverse(this) : options.fn(this);
  }),
  with: scope(function (this: unknown, ...args: unknown[]): unknown {
    const options = block(args.pop(), 'with', 1, args);
    const value = args[0];
    if (!isTrue(value)) return options.inverse(this);
    return options.fn(value, { data: options.data, blockParams: [value] });
  }),
};

/** A mutable variable; `confetti convert` declares with `cell` only the variables a template assigns again. */
export class VariableCell implements Cell {
  constructor(public value: unknown) {}
}

export const VARIABLE_HELPERS: HelperSet = {
  cell: { arity: [1, 1], pure: false, fn: (_, value) => new VariableCell(value) },
  setVar: {
    arity: [2, 2],
    pure: false,
    fn: (_, variable, value) => {
      if (!(variable instanceof VariableCell)) throw new HelperInputError('the first argument must be a variable declared with (cell …)');
      variable.value = value;
      return '';
    },
  },
};

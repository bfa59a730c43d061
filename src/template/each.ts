// #each for confetti: arrays (what gets/ls/split return) take a lean loop; anything else goes to Handlebars' own.
// Both stop a runaway loop early: maxOutputSize is checked as output accumulates, the render deadline every 64 items.
import type { HelperOptions, RenderState } from './render-state.js';
import { readState } from './render-state.js';
import { templateError } from './locate.js';
import type { BlockMemo } from './each-memo.js';
import { nowMs } from '../clock.js';
import { compareStrings, isPlainObject } from './go-format.js';

type RawHelper = (this: unknown, ...args: unknown[]) => unknown;
type Program = ((context: unknown, options?: { data?: unknown; blockParams?: unknown[] }) => string) & { blockParams?: number };

interface EachOptions extends Omit<HelperOptions, 'fn'> {
  fn: Program;
  inverse: Program;
}

/** Build the `each` helper around Handlebars' built-in one (`createFrame` is Handlebars'). */
export function makeEach(builtin: RawHelper, createFrame: (data: unknown) => Record<string, unknown>): RawHelper {
  return function each(this: unknown, ...args: unknown[]): unknown {
    const options = args[args.length - 1] as EachOptions | undefined;
    const state = options?.data === undefined ? undefined : readState(options as HelperOptions);
    if (options === undefined || options.fn === undefined || state === undefined || args.length !== 2) return builtin.apply(this, args);
    const guard = new Guard(state, options.loc);
    const context = args[0];
    if (Array.isArray(context))
      return eachOfArray(this, context, options, createFrame(options.data), guard, state.memo?.block(options.loc));
    if (isPlainObject(context)) return eachOfMap(this, context, options, createFrame(options.data), guard);
    // Handlebars renders nothing for a scalar: a getv value in #each is a mistake to name, not an empty loop.
    if (typeof context === 'string' || typeof context === 'number' || typeof context === 'boolean') {
      const start = options.loc?.start;
      const where = start === undefined ? {} : { line: start.line, column: start.column + 1 };
      const hint = typeof context === 'string' ? ' (split it with split, or parse it with jsonArray)' : '';
      throw templateError('EACH_NOT_A_LIST', state.file, where, `#each needs a list or a map, got a ${typeof context}${hint}`);
    }
    const fn = options.fn;
    const bounded = Object.assign((item: unknown, inner?: { data?: unknown; blockParams?: unknown[] }) => guard.add(fn(item, inner)), {
      blockParams: fn.blockParams,
    });
    return builtin.call(this, context, { ...options, fn: bounded });
  };
}

// Handlebars' array branch minus what confetti never uses (ids tracking): the same @index/@key/@first/@last, block
// params only when the block declares them, holes skipped, {{else}} for an empty array. One options object serves
// every iteration (the program reads it and keeps nothing).
function eachOfArray(
  self: unknown,
  list: unknown[],
  options: EachOptions,
  data: Record<string, unknown>,
  guard: Guard,
  memo: BlockMemo | undefined,
): string {
  if (list.length === 0) return options.inverse(self);
  const fn = options.fn;
  const withParams = (fn.blockParams ?? 0) > 0;
  const iteration: { data: unknown; blockParams?: unknown[] } = { data };
  const last = list.length - 1;
  const run = (i: number): string => {
    const item = list[i];
    data['key'] = i;
    data['index'] = i;
    data['first'] = i === 0;
    data['last'] = i === last;
    if (withParams) iteration.blockParams = [item, i];
    return fn(item, iteration);
  };
  // The fast path: items this block already rendered are reused (each-memo.ts says what that relies on).
  if (memo !== undefined) return memo.render(list, run, (piece) => guard.add(piece));
  let out = '';
  for (let i = 0; i <= last; i++) if (i in list) out += guard.add(run(i));
  return out;
}

// Maps (JSON objects, `map`) iterate in Go's order, their keys sorted byte-wise, as confd's `range` does (JavaScript
// would put integer-like keys first, then the rest in insertion order). Block params are |value key|.
function eachOfMap(self: unknown, map: Record<string, unknown>, options: EachOptions, data: Record<string, unknown>, guard: Guard): string {
  const keys = Object.keys(map).sort(compareStrings);
  if (keys.length === 0) return options.inverse(self);
  const fn = options.fn;
  const withParams = (fn.blockParams ?? 0) > 0;
  const iteration: { data: unknown; blockParams?: unknown[] } = { data };
  let out = '';
  keys.forEach((key, i) => {
    const value = map[key];
    data['key'] = key;
    data['index'] = i;
    data['first'] = i === 0;
    data['last'] = i === keys.length - 1;
    if (withParams) iteration.blockParams = [value, key];
    out += guard.add(fn(value, iteration));
  });
  return out;
}

/**
 * What every #each of one render has produced so far, shared across nesting: a Guard per block would let each inner
 * block grow to maxOutputSize on its own (nested `seq 1 1000000` reached 2.2 GB). Keyed by the render's state, which
 * compile.ts creates per render.
 */
const USAGE = new WeakMap<RenderState, Usage>();

interface Usage {
  /** UTF-16 units of text (never more than its UTF-8 bytes), each counted once however deep the nesting. */
  text: number;
  pieces: number;
}

/**
 * A non-empty piece appended to a string costs a V8 cons-string node (32 bytes on 64-bit) and usually a string header
 * of its own besides its text: 64 M one-character pieces were 2 GB of nodes for 64 MB of text. Counting 64 bytes per
 * piece makes maxOutputSize bound the memory a render holds (an empty piece allocates nothing).
 */
export const PIECE_OVERHEAD = 64;

class Guard {
  #iteration = 0;
  readonly #state: RenderState;
  readonly #loc: HelperOptions['loc'];
  readonly #usage: Usage;
  /** The shared text count after this block's last piece: what inner blocks added since is already counted. */
  #seen: number;

  constructor(state: RenderState, loc: HelperOptions['loc']) {
    this.#state = state;
    this.#loc = loc;
    let usage = USAGE.get(state);
    if (usage === undefined) USAGE.set(state, (usage = { text: 0, pieces: 0 }));
    this.#usage = usage;
    this.#seen = usage.text;
  }

  /** Count one iteration's output; throws OUTPUT_TOO_LARGE or RENDER_TIMEOUT. */
  add(out: string): string {
    const { deadline, maxOutputSize } = this.#state;
    // Nested loops that print nothing never trip the size limit; the clock stops them (read every 64 iterations).
    if (deadline !== undefined && (this.#iteration++ & 63) === 0 && nowMs() > deadline) {
      throw templateError(
        'RENDER_TIMEOUT',
        this.#state.file,
        this.#where(),
        `render took longer than ${this.#state.timeoutMs} ms (a runaway #each?)`,
      );
    }
    // The text inner blocks produced for this piece was counted by their guards; count only the rest, once.
    const usage = this.#usage;
    usage.text += Math.max(0, out.length - (usage.text - this.#seen));
    if (out.length > 0) usage.pieces++;
    this.#seen = usage.text;
    if (maxOutputSize !== undefined && usage.text + usage.pieces * PIECE_OVERHEAD > maxOutputSize) {
      throw templateError(
        'OUTPUT_TOO_LARGE',
        this.#state.file,
        this.#where(),
        `output exceeds maxOutputSize (${maxOutputSize} bytes), counting ${PIECE_OVERHEAD} bytes per #each item besides its text`,
      );
    }
    return out;
  }

  #where(): { line?: number; column?: number } {
    const start = this.#loc?.start;
    return start === undefined ? {} : { line: start.line, column: start.column + 1 };
  }
}

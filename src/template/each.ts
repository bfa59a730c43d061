// #each for confetti: arrays (what gets/ls/split return) take a lean loop; anything else goes to Handlebars' own.
// Both stop a runaway loop early: maxOutputSize is checked as output accumulates, the render deadline every 64 items.
import type { HelperOptions, RenderState } from './render-state.js';
import { readState } from './render-state.js';
import { templateError } from './locate.js';
import type { BlockMemo } from './each-memo.js';
import { nowMs } from '../clock.js';

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
    if (Array.isArray(context)) return eachOfArray(this, context, options, createFrame(options.data), guard, state.memo?.block(options.loc));
    // Handlebars renders nothing for a scalar: a getv value in #each is a mistake to name, not an empty loop.
    if (typeof context === 'string' || typeof context === 'number' || typeof context === 'boolean') {
      const start = options.loc?.start;
      const where = start === undefined ? {} : { line: start.line, column: start.column + 1 };
      const hint = typeof context === 'string' ? ' (split it with split, or parse it with jsonArray)' : '';
      throw templateError('EACH_NOT_A_LIST', state.file, where, `#each needs a list or a map, got a ${typeof context}${hint}`);
    }
    const fn = options.fn;
    const bounded = Object.assign((item: unknown, inner?: { data?: unknown; blockParams?: unknown[] }) => guard.add(fn(item, inner)), { blockParams: fn.blockParams });
    return builtin.call(this, context, { ...options, fn: bounded });
  };
}

// Handlebars' array branch minus what confetti never uses (ids tracking): the same @index/@key/@first/@last, block
// params only when the block declares them, holes skipped, {{else}} for an empty array. One options object serves
// every iteration (the program reads it and keeps nothing). With a memo (each-memo.ts), output this block already
// produced for the same items is reused instead of run again.
function eachOfArray(self: unknown, list: unknown[], options: EachOptions, data: Record<string, unknown>, guard: Guard, memo: BlockMemo | undefined): string {
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
  if (memo !== undefined) return memo.render(list, run, (piece) => guard.add(piece));
  let out = '';
  for (let i = 0; i <= last; i++) if (i in list) out += guard.add(run(i));
  return out;
}

class Guard {
  #size = 0;
  #iteration = 0;
  readonly #state: RenderState;
  readonly #loc: HelperOptions['loc'];

  constructor(state: RenderState, loc: HelperOptions['loc']) {
    this.#state = state;
    this.#loc = loc;
  }

  /** Count one iteration's output; throws OUTPUT_TOO_LARGE or RENDER_TIMEOUT. */
  add(out: string): string {
    const { deadline, maxOutputSize } = this.#state;
    // Nested loops that print nothing never trip the size limit; the clock stops them (read every 64 iterations).
    if (deadline !== undefined && (this.#iteration++ & 63) === 0 && nowMs() > deadline) {
      throw templateError('RENDER_TIMEOUT', this.#state.file, this.#where(), `render took longer than ${this.#state.timeoutMs} ms (a runaway #each?)`);
    }
    this.#size += out.length; // UTF-16 units never exceed UTF-8 bytes
    if (maxOutputSize !== undefined && this.#size > maxOutputSize) {
      throw templateError('OUTPUT_TOO_LARGE', this.#state.file, this.#where(), `output exceeds maxOutputSize (${maxOutputSize} bytes)`);
    }
    return out;
  }

  #where(): { line?: number; column?: number } {
    const start = this.#loc?.start;
    return start === undefined ? {} : { line: start.line, column: start.column + 1 };
  }
}

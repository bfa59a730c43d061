// Our own Handlebars instance: confd's helper set, and an #each that stops runaway output early.
import Handlebars from 'handlebars';
import type { HelperSet } from './helper-context.js';
import { toHandlebarsHelper } from './helper-context.js';
import { KV_HELPERS } from './helpers-kv.js';
import { MATH_HELPERS } from './helpers-math.js';
import { MISC_HELPERS } from './helpers-misc.js';
import { STRING_HELPERS } from './helpers-strings.js';
import { templateError } from './locate.js';
import type { HelperOptions } from './render-state.js';
import { readState } from './render-state.js';

export const HELPERS: HelperSet = { ...KV_HELPERS, ...STRING_HELPERS, ...MATH_HELPERS, ...MISC_HELPERS };

export const hb = Handlebars.create();

for (const [name, spec] of Object.entries(HELPERS)) hb.registerHelper(name, toHandlebarsHelper(name, spec));

type RawHelper = (this: unknown, ...args: unknown[]) => unknown;
const builtinEach = hb.helpers['each'] as RawHelper;

// Counting what one #each has produced lets maxOutputSize stop `seq`-driven loops before memory runs out;
// an #each's own output is part of the total, so this never refuses a render that would fit.
hb.registerHelper('each', function each(this: unknown, ...args: unknown[]): unknown {
  const options = args[args.length - 1] as HelperOptions | undefined;
  const fn = options?.fn;
  const state = options?.data === undefined ? undefined : readState(options);
  const limit = state?.maxOutputSize;
  const deadline = state?.deadline;
  if (options === undefined || fn === undefined || state === undefined || (limit === undefined && deadline === undefined)) {
    return builtinEach.apply(this, args);
  }
  const where = (): { line?: number; column?: number } => {
    const start = options.loc?.start;
    return start === undefined ? {} : { line: start.line, column: start.column + 1 };
  };
  let size = 0;
  let iteration = 0;
  const bounded = function (this: unknown, ...inner: unknown[]): string {
    // Nested loops that print nothing never trip the size limit; the clock stops them (read every 64 iterations).
    if (deadline !== undefined && (iteration++ & 63) === 0 && performance.now() > deadline) {
      throw templateError('RENDER_TIMEOUT', state.file, where(), `render took longer than ${state.timeoutMs} ms (a runaway #each?)`);
    }
    const out = fn.apply(this, inner);
    size += out.length; // UTF-16 units never exceed UTF-8 bytes
    if (limit !== undefined && size > limit) throw templateError('OUTPUT_TOO_LARGE', state.file, where(), `output exceeds maxOutputSize (${limit} bytes)`);
    return out;
  };
  return builtinEach.apply(this, [...args.slice(0, -1), { ...options, fn: bounded }]);
});

/** Options every template is compiled with: config files must not get "&amp;"; a missing name is an error. */
export const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpers: Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true])),
} as const;

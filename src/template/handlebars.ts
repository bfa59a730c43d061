// Our own Handlebars instance: confd's helper set, and an #each that stops runaway output early (each.ts).
import Handlebars from 'handlebars';
import type { HelperSet } from './helper-context.js';
import { toHandlebarsHelper } from './helper-context.js';
import { KV_HELPERS } from './helpers-kv.js';
import { MATH_HELPERS } from './helpers-math.js';
import { MISC_HELPERS } from './helpers-misc.js';
import { STRING_HELPERS } from './helpers-strings.js';
import { COMPARE_HELPERS } from './helpers-compare.js';
import { EXTRA_HELPERS } from './helpers-extras.js';
import { GO_HELPERS } from './helpers-go.js';
import { makeEach } from './each.js';
import { useDataPathsAsData, useLazyArguments, useStringJoiningCompiler } from './string-compiler.js';

export const HELPERS: HelperSet = { ...KV_HELPERS, ...STRING_HELPERS, ...MATH_HELPERS, ...MISC_HELPERS };
// Go text/template's built-ins and the operators' additions (README, Templates).
Object.assign(HELPERS, COMPARE_HELPERS, GO_HELPERS, EXTRA_HELPERS);

export const hb = Handlebars.create();
useStringJoiningCompiler(hb);
useLazyArguments(hb, (name) => Object.hasOwn(HELPERS, name) && HELPERS[name]?.lazy === true);
useDataPathsAsData(hb);

for (const [name, spec] of Object.entries(HELPERS)) hb.registerHelper(name, toHandlebarsHelper(name, spec));

type RawHelper = (this: unknown, ...args: unknown[]) => unknown;
hb.registerHelper('each', makeEach(hb.helpers['each'] as RawHelper, (data) => hb.createFrame(data) as Record<string, unknown>));

/**
 * Options every template is compiled with: config files must not get "&amp;"; a missing name is an error.
 * Unknown helpers are refused before compiling (helper-check.ts), so every helper is known and a plain {{name}}
 * compiles to a property lookup instead of a helper probe plus an options object per use.
 */
export const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true])),
} as const;

// Our own Handlebars instance: confd's helper set, and an #each that stops runaway output early (each.ts).
import Handlebars from 'handlebars';
import type { HelperSet, HelperTraits, RawHelper, RawHelperSpec } from './helper-context.js';
import { toHandlebarsHelper } from './helper-context.js';
import { KV_HELPERS } from './helpers-kv.js';
import { DNS_HELPERS } from './helpers-dns.js';
import { MATH_HELPERS } from './helpers-math.js';
import { MISC_HELPERS } from './helpers-misc.js';
import { STRING_HELPERS } from './helpers-strings.js';
import { COMPARE_HELPERS } from './helpers-compare.js';
import { EXTRA_HELPERS } from './helpers-extras.js';
import { GO_HELPERS } from './helpers-go.js';
import { INSTANCE_HELPERS } from './helpers-instance.js';
import { makeEach } from './each.js';
import {
  installGoPrint,
  useDataPathsAsData,
  useLazyArguments,
  useOnceWrappedHelpers,
  useStringJoiningCompiler,
} from './handlebars-internals.js';
import { useStatefulInlinePartials } from './partial-runtime.js';
import { formatGoValue } from './go-format.js';
import { SCOPE_HELPERS, VARIABLE_HELPERS } from './helpers-scope.js';
import type { Dialect } from './dialect.js';

// confd's functions, Go text/template's built-ins and the operators' additions (README, Templates).
export const HELPERS: HelperSet = {
  ...KV_HELPERS,
  ...STRING_HELPERS,
  ...MATH_HELPERS,
  ...MISC_HELPERS,
  ...DNS_HELPERS,
  ...COMPARE_HELPERS,
  ...GO_HELPERS,
  ...EXTRA_HELPERS,
  ...VARIABLE_HELPERS,
  ...INSTANCE_HELPERS,
};

export const hb = Handlebars.create();
useStringJoiningCompiler(hb);
useLazyArguments(hb, (name) => Object.hasOwn(HELPERS, name) && HELPERS[name]?.lazy === true);
useDataPathsAsData(hb);
// Helpers wrapped for Handlebars once per compiled template, not on every render (handlebars-internals.ts).
useOnceWrappedHelpers(hb);

for (const [name, spec] of Object.entries(HELPERS)) hb.registerHelper(name, toHandlebarsHelper(name, spec));

const builtin = (name: string): RawHelper => hb.helpers[name] as RawHelper;
/** Helpers that take Handlebars' options themselves: our block helpers, our #each, and Handlebars' other built-ins. */
export const RAW_HELPERS: Readonly<Record<string, RawHelperSpec>> = {
  ...SCOPE_HELPERS,
  each: { arity: [1, 1], pure: true, raw: makeEach(builtin('each'), (data) => hb.createFrame(data) as Record<string, unknown>) },
  lookup: { arity: [2, 2], pure: true, raw: builtin('lookup') },
  log: { arity: [0, Infinity], pure: false, raw: builtin('log') },
  // Called by compiled code for a missing helper or a block over a value, never by name in a template.
  helperMissing: { arity: [0, Infinity], pure: false, raw: builtin('helperMissing') },
  blockHelperMissing: { arity: [0, Infinity], pure: false, raw: builtin('blockHelperMissing') },
};
for (const [name, spec] of Object.entries(RAW_HELPERS)) hb.registerHelper(name, spec.raw);

/** Every helper's arity and purity, from its own definition: the static checks and #each reuse read this. */
export const HELPER_TRAITS: Readonly<Record<string, HelperTraits>> = { ...HELPERS, ...RAW_HELPERS };

// Go's template printer shows a nil value (a JSON null, a missing map key) as "<no value>"; inside a list or map fmt prints <nil>.
installGoPrint((value) => (value === null ? '<no value>' : formatGoValue(value)));

// {{#*inline}} partials run with the state of the file that defines them (partial-runtime.ts).
useStatefulInlinePartials(hb);

/**
 * Options every template is compiled with: config files must not get "&amp;"; a missing name is an error.
 * Unknown helpers are refused before compiling (helper-check.ts), so every helper is known and a plain {{name}}
 * compiles to a property lookup instead of a helper probe plus an options object per use (`node bench/render.mjs`,
 * 10,000 keys without #each reuse: 3.8 ms, 5.0 ms without knownHelpersOnly).
 */
export const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(Object.keys(HELPER_TRAITS).map((name) => [name, true])),
} as const;

/**
 * The confd dialect (dialect.ts): lines holding only a block tag keep their whitespace, a missing field is
 * undefined rather than an error (Go prints it as "<no value>"), and every {{…}} prints through Go's %v.
 */
export const CONFD_COMPILE_OPTIONS = { ...COMPILE_OPTIONS, strict: false, ignoreStandalone: true, goPrint: true } as const;

export function compileOptionsFor(dialect: Dialect): typeof COMPILE_OPTIONS | typeof CONFD_COMPILE_OPTIONS {
  return dialect === 'confd' ? CONFD_COMPILE_OPTIONS : COMPILE_OPTIONS;
}

// Every place confetti reaches into Handlebars beyond its documented API, in one module, written against
// HANDLEBARS_VERSION exactly (package.json pins it; handlebars-internals.test.ts fails when the installed version, or
// what these rely on, changes):
// - the JavaScriptCompiler's `append` (strings joined as strings) and `setupParams` (lazy arguments);
// - the AST Compiler's `classifySexpr` (@index/@first/@last stay data lookups);
// - the parser's shared lexer (the column of a syntax error);
// - the built-in `inline` decorator and `VM.noop` (partials run with their own file's state, partial-runtime.ts);
// - the `loc` Handlebars 4.7 passes in a helper's options (render-state.ts), which #each reuse keys blocks by;
// - the runtime's per-template `container` and `_setup` (useOnceWrappedHelpers: helpers wrapped once, not per call).

/** The Handlebars version this module was written and tested against. */
export const HANDLEBARS_VERSION = '4.7.10';

// With noEscape, Handlebars joins a block's mustaches with "+" and never makes them strings, so two numbers side by
// side add up: {{add 1 2}}{{add 3 4}} printed "10", not "37" (Go templates, and so confd, print "37"). This compiler
// emits `"" + value` for every {{…}} it appends inline; everything else is Handlebars' own. Templates in the confd
// dialect (dialect.ts) are compiled with `goPrint`: every {{…}} is printed by the GO_PRINT helper (Go's %v).
// It is there for the output, not for speed, and costs nothing measurable (`node bench/render.mjs`, 10,000 keys:
// 0.47 ms with it, 0.72 without; 0.68 and 0.64 in a run at load 15–24).
import Handlebars from 'handlebars';

// The parts of Handlebars 4.7's JavaScriptCompiler that its own `append` uses.
interface CompilerInternals {
  options: { goPrint?: boolean };
  isInline(): number;
  replaceStack(callback: (current: unknown) => unknown[]): void;
  popStack(): unknown;
  appendToBuffer(source: unknown, location?: unknown, explicit?: boolean): unknown;
  pushSource(source: unknown): void;
}

interface CompilerClass {
  new (...args: unknown[]): object;
  prototype: { append: (this: CompilerInternals) => void };
}

/**
 * The global through which confd-dialect templates print (installGoPrint). Compiled templates are functions made
 * by Handlebars with `new Function`, so a global is what they can reach without an options object per value.
 */
export const GO_PRINT = '__confettiGoPrint';
const GO_PRINT_CALL = `globalThis.${GO_PRINT}(`;

export function installGoPrint(print: (value: unknown) => string): void {
  Object.defineProperty(globalThis, GO_PRINT, { value: print, configurable: true });
}

/** Install the string-joining compiler on `hb` through Handlebars' JavaScriptCompiler extension point. */
export function useStringJoiningCompiler(hb: typeof Handlebars): void {
  const holder = hb as unknown as { JavaScriptCompiler: CompilerClass };
  const Base = holder.JavaScriptCompiler;
  const baseAppend = Base.prototype.append;
  function StringJoiningCompiler(this: object, ...args: unknown[]): void {
    Base.apply(this, args);
  }
  StringJoiningCompiler.prototype = Object.assign(Object.create(Base.prototype) as object, {
    // Child programs (block bodies) are compiled by `new this.compiler()`.
    compiler: StringJoiningCompiler,
    append(this: CompilerInternals): void {
      if (this.options.goPrint === true) {
        this.pushSource(this.appendToBuffer([GO_PRINT_CALL, this.popStack(), ')']));
        return;
      }
      // Outside an inline expression the value goes to `buffer`, which starts as "": already a string.
      if (!this.isInline()) return baseAppend.call(this);
      this.replaceStack((current) => [' != null ? "" + ', current, ' : ""']);
      this.pushSource(this.appendToBuffer(this.popStack()));
    },
  });
  holder.JavaScriptCompiler = StringJoiningCompiler as unknown as CompilerClass;
}

// Go 1.18+ stops and/or at the deciding operand, and confd templates rely on it: {{if and (exists "/a") (eq (getv
// "/a") "x")}} must not fail when /a is missing. Handlebars evaluates every argument before calling a helper, so for
// the helpers declared `lazy` this compiler passes each argument as an arrow function over its own expression.
// It relies on setupParams (Handlebars 4.7) filling `params` with each argument's inline JavaScript expression: in
// a helper call they always are (only an ambiguous block value flushes the inline stack), and an argument flushed
// to a stack variable would still work, evaluated early (the and/or helpers take values as well as functions).
interface ParamsCompiler {
  setupParams(helper: string, paramSize: number, params: unknown[] | undefined): Record<string, unknown>;
}

/** Make the arguments of the helpers `isLazy` accepts arrive as functions (thunks), evaluated only when called. */
export function useLazyArguments(hb: typeof Handlebars, isLazy: (helper: string) => boolean): void {
  const holder = hb as unknown as { JavaScriptCompiler: CompilerClass };
  const Base = holder.JavaScriptCompiler;
  const baseSetupParams = (Base.prototype as unknown as Partial<ParamsCompiler>).setupParams;
  if (typeof baseSetupParams !== 'function') {
    throw new Error('Handlebars JavaScriptCompiler has no setupParams: lazy and/or need updating');
  }
  function LazyArgumentsCompiler(this: object, ...args: unknown[]): void {
    Base.apply(this, args);
  }
  LazyArgumentsCompiler.prototype = Object.assign(Object.create(Base.prototype) as object, {
    compiler: LazyArgumentsCompiler,
    setupParams(this: ParamsCompiler, helper: string, paramSize: number, params: unknown[] | undefined): Record<string, unknown> {
      const options = baseSetupParams.call(this, helper, paramSize, params);
      // `helper` is the quoted-later name; params is set for helper calls (objectArgs only for blockHelperMissing).
      if (params !== undefined && isLazy(helper)) for (let i = 0; i < params.length; i++) params[i] = ['(() => (', params[i], '))'];
      return options;
    },
  });
  holder.JavaScriptCompiler = LazyArgumentsCompiler as unknown as CompilerClass;
}

// Handlebars 4.7 classifies {{@index}} by its first part alone, so with a known helper named `index` (or `first`,
// `last`) the data variable became a call to that helper. A data path with no arguments is always a data lookup.
interface SexprNode {
  path?: { data?: boolean };
  params?: unknown[];
  hash?: unknown;
}

interface AstCompilerClass {
  new (...args: unknown[]): object;
  prototype: { classifySexpr?: (this: object, sexpr: SexprNode) => string };
}

/** Keep `{{@index}}`, `{{@first}}`, `{{@last}}` data lookups even though helpers share those names. */
export function useDataPathsAsData(hb: typeof Handlebars): void {
  const holder = hb as unknown as { Compiler: AstCompilerClass };
  const Base = holder.Compiler;
  const baseClassify = Base.prototype.classifySexpr;
  if (typeof baseClassify !== 'function') throw new Error('Handlebars Compiler has no classifySexpr: @data lookups need updating');
  function DataPathCompiler(this: object, ...args: unknown[]): void {
    Base.apply(this, args);
  }
  DataPathCompiler.prototype = Object.assign(Object.create(Base.prototype) as object, {
    compiler: DataPathCompiler,
    classifySexpr(this: object, sexpr: SexprNode): string {
      if (sexpr.path?.data === true && (sexpr.params?.length ?? 0) === 0 && sexpr.hash === undefined) return 'simple';
      return baseClassify.call(this, sexpr);
    },
  });
  holder.Compiler = DataPathCompiler as unknown as AstCompilerClass;
}

/** What a parse error leaves in the parser's shared lexer: the offending token and where it starts. */
export interface LexerState {
  yylloc?: { first_line: number; first_column: number };
  yytext?: string;
}

/** The lexer `hb.parse` last used (Jison's parser keeps one); read right after a parse error. */
export function lastLexer(hb: typeof Handlebars): LexerState | undefined {
  return (hb as unknown as { Parser?: { lexer?: LexerState } }).Parser?.lexer;
}

/** Handlebars' placeholder for a missing block (`options.fn` of a partial called without one). */
export const NOOP_PROGRAM: unknown = (Handlebars as unknown as { VM: { noop: unknown } }).VM.noop;

export type Decorator = (
  fn: unknown,
  props: unknown,
  container: unknown,
  options: { data?: Record<string, unknown>; fn?: unknown },
) => unknown;

/** Handlebars' built-in `inline` decorator ({{#*inline "name"}}), to wrap. */
export function builtinInlineDecorator(hb: typeof Handlebars): Decorator {
  return (hb as unknown as { decorators: Record<string, Decorator> }).decorators['inline'] as Decorator;
}

// Every top-level call of a compiled template runs the runtime's `_setup`, which merges `env.helpers` into a new
// object and wraps each of the ~100 helpers in a new closure that sets `options.lookupProperty` (runtime.js,
// addHelpers/passLookupPropertyOption): ~10–16 µs per render, measured in docs/performance.md ("Helpers wrapped
// once per compiled template"). The wrappers only depend on the template's container (its `lookupProperty`, which reads
// `container.protoAccessControl` at call time), so this keeps, per compiled template, what the first full `_setup`
// made — the wrapped helpers, the hooks (helperMissing/blockHelperMissing moved out of them), the default
// protoAccessControl — and reinstalls them on later calls, doing the rest of `_setup` (partials, decorators) as it does.
// Calls with options that change those (runtime helpers, decorators, prototype-access or helperMissing options) and
// partial calls go through Handlebars' own `_setup`; registerHelper/unregisterHelper on `hb` start afresh.
interface Container {
  helpers: unknown;
  partials: unknown;
  decorators: unknown;
  hooks: unknown;
  protoAccessControl: unknown;
  mergeIfNeeded(param: unknown, common: unknown): unknown;
}

interface TemplateSpec {
  usePartial?: boolean;
  useDecorators?: boolean;
  useBlockParams?: boolean;
  useDepths?: boolean;
  [program: string]: unknown;
}

type SetupOptions = Record<string, unknown>;

interface RuntimeTemplate {
  (context: unknown, options?: SetupOptions): string;
  _setup: (this: unknown, options: SetupOptions) => void;
  _child(i: string, data: unknown, blockParams: unknown[], depths: unknown[]): (context: unknown) => unknown;
}

interface TemplateEnv {
  template: (this: unknown, spec: TemplateSpec) => RuntimeTemplate;
  registerHelper: (this: unknown, ...args: unknown[]) => void;
  unregisterHelper: (this: unknown, ...args: unknown[]) => void;
  partials: unknown;
  decorators: unknown;
  Utils: { extend(target: object, ...sources: unknown[]): object };
}

// The runtime options `_setup` reads besides `partial` and `partials`: any of them set means Handlebars' own path.
const SETUP_OPTIONS = [
  'helpers',
  'decorators',
  'allowCallsToHelperMissing',
  'allowedProtoProperties',
  'allowedProtoMethods',
  'allowProtoPropertiesByDefault',
  'allowProtoMethodsByDefault',
];

// A program added to a template's spec for one call, so that the runtime hands it the template's container.
const CONTAINER_PROGRAM = '__confettiContainer';

/** Pay the runtime's helper merge + wrapping once per compiled template of `hb` instead of on every call. */
export function useOnceWrappedHelpers(hb: typeof Handlebars): void {
  const env = hb as unknown as TemplateEnv;
  let generation = 0;
  for (const method of ['registerHelper', 'unregisterHelper'] as const) {
    const base = env[method];
    env[method] = function (this: unknown, ...args: unknown[]): void {
      generation++;
      base.apply(this, args);
    };
  }
  const baseTemplate = env.template;
  env.template = function (this: unknown, spec: TemplateSpec): RuntimeTemplate {
    const template = baseTemplate.call(this, spec);
    spec[CONTAINER_PROGRAM] = (container: Container) => container;
    const container = template._child(CONTAINER_PROGRAM, undefined, [], [])(undefined) as Container;
    delete spec[CONTAINER_PROGRAM];
    const setup = template._setup;
    let kept: { generation: number; helpers: unknown; hooks: unknown; protoAccessControl: unknown } | undefined;
    template._setup = function (options: SetupOptions): void {
      if (Boolean(options['partial']) || SETUP_OPTIONS.some((name) => options[name] !== undefined)) return setup.call(this, options);
      if (kept?.generation !== generation) {
        setup.call(this, options);
        kept = { generation, helpers: container.helpers, hooks: container.hooks, protoAccessControl: container.protoAccessControl };
        return;
      }
      container.helpers = kept.helpers;
      if (spec.usePartial === true) container.partials = container.mergeIfNeeded(options['partials'], env.partials);
      if (spec.usePartial === true || spec.useDecorators === true) container.decorators = env.Utils.extend({}, env.decorators);
      container.hooks = kept.hooks;
      container.protoAccessControl = kept.protoAccessControl;
    };
    return template;
  };
}

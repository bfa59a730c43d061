// With noEscape, Handlebars joins a block's mustaches with "+" and never makes them strings, so two numbers side by
// side add up: {{add 1 2}}{{add 3 4}} printed "10", not "37" (Go templates, and so confd, print "37"). This compiler
// emits `"" + value` for every {{…}} it appends inline; everything else is Handlebars' own. Templates in the confd
// dialect (dialect.ts) are compiled with `goPrint`: every {{…}} is printed by the GO_PRINT helper (Go's %v).
import type Handlebars from 'handlebars';

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
        this.pushSource(this.appendToBuffer([GO_PRINT_CALL, this.popStack(), ")"]));
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

// With noEscape, Handlebars joins a block's mustaches with "+" and never makes them strings, so two numbers side by
// side add up: {{add 1 2}}{{add 3 4}} printed "10", not "37" (Go templates, and so confd, print "37"). This compiler
// emits `"" + value` for every {{…}} it appends inline; everything else is Handlebars' own.
import type Handlebars from 'handlebars';

// The parts of Handlebars 4.7's JavaScriptCompiler that its own `append` uses.
interface CompilerInternals {
  isInline(): number;
  replaceStack(callback: (current: unknown) => unknown[]): void;
  popStack(): unknown;
  appendToBuffer(source: unknown): unknown;
  pushSource(source: unknown): void;
}

interface CompilerClass {
  new (...args: unknown[]): object;
  prototype: { append: (this: CompilerInternals) => void };
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
      // Outside an inline expression the value goes to `buffer`, which starts as "": already a string.
      if (!this.isInline()) return baseAppend.call(this);
      this.replaceStack((current) => [' != null ? "" + ', current, ' : ""']);
      this.pushSource(this.appendToBuffer(this.popStack()));
    },
  });
  holder.JavaScriptCompiler = StringJoiningCompiler as unknown as CompilerClass;
}

// Compile a template once (parse errors and unknown helpers surface here); render is pure over (view, env).
import type { TemplateError } from '../errors.js';
import type { View } from '../mirror/view.js';
import { compileOptionsFor, hb, HELPER_TRAITS } from './handlebars.js';
import { dialectOf, dropPragmaLine } from './dialect.js';
import { planEachMemo, type TemplateMemo } from './each-memo.js';
import type { DnsLookup } from '../dns/dns-lookup.js';
import { templateError } from './locate.js';
import { parseTemplate } from './parse-template.js';
import { compilePartials, type PartialSources } from './partial-set.js';
import { statefulPartial } from './partial-runtime.js';
import type { RenderState } from './render-state.js';
import { STATE_KEY } from './render-state.js';
import { renderError } from './template-errors.js';
import { nowMs } from '../clock.js';

export interface RenderContext {
  env: Readonly<Record<string, string | undefined>>;
  /** Largest output in bytes; more is an OUTPUT_TOO_LARGE error. */
  maxOutputSize?: number;
  /** What `datetime` returns; defaults to the time of the render. */
  now?: Date;
  /** A render running longer is a RENDER_TIMEOUT error (checked at every #each iteration). */
  timeoutMs?: number;
  /** Answers for the DNS helpers (dns/render-passes.ts); without it they return empty lists. */
  dns?: DnsLookup;
  /** Where helpers report what they skipped (by key, never value): the resource's logger. */
  warn?: (message: string, fields: Record<string, unknown>) => void;
}

export interface CompiledTemplate {
  readonly file: string;
  /** The #each blocks whose item outputs are reused across renders (undefined when compiled without). */
  readonly memo: TemplateMemo | undefined;
  render(view: View, ctx: RenderContext): string;
}

export interface CompileOptions {
  /** Reuse #each item outputs across renders where the syntax allows (default true; off to compare in tests). */
  memo?: boolean;
  /** Partial files this template may call ({{> name}}); without them every file partial is unknown. */
  partials?: PartialSources | undefined;
  /** Handlebars compile options, for the template and every partial it calls (default: the template's dialect's, handlebars.ts). */
  handlebars?: HandlebarsCompileOptions;
}

export type HandlebarsCompileOptions = Parameters<typeof hb.compile>[1];

// A null-prototype root, so under strict mode "{{toString}}" is a missing name rather than Object.prototype's;
// the symbol lets Handlebars' '"x" not defined in ' + root message still be built.
const ROOT: unknown = Object.freeze(Object.assign(Object.create(null), { [Symbol.toPrimitive]: () => 'the template root' }));

/** Compile template source; `file` is used in every error message. */
export function compileTemplate(source: string, file: string, options: CompileOptions = {}): CompiledTemplate {
  const ast = parseTemplate(source, file);
  const dialect = dialectOf(source);
  if (dialect === 'confd') dropPragmaLine(ast);
  const hbOptions = options.handlebars ?? compileOptionsFor(dialect);
  const partials = compilePartials(ast, file, options.partials, (past, pfile) =>
    statefulPartial(pfile, options.memo === false ? undefined : planEachMemo(past, HELPER_TRAITS), hb.compile(past, hbOptions)),
  );
  const template = hb.compile(ast, hbOptions);
  const memo = options.memo === false ? undefined : planEachMemo(ast, HELPER_TRAITS);
  return {
    file,
    memo,
    render(view: View, ctx: RenderContext): string {
      const deadline = ctx.timeoutMs === undefined ? undefined : nowMs() + ctx.timeoutMs;
      const state: RenderState = {
        view,
        env: ctx.env,
        file,
        dialect,
        now: ctx.now ?? new Date(),
        maxOutputSize: ctx.maxOutputSize,
        deadline,
        timeoutMs: ctx.timeoutMs,
        memo,
        dns: ctx.dns,
        warn: ctx.warn,
      };
      let out: string;
      try {
        out = template(ROOT, { data: { [STATE_KEY]: state }, partials });
      } catch (error) {
        throw renderError(file, error);
      }
      if (ctx.maxOutputSize !== undefined && exceeds(out, ctx.maxOutputSize)) {
        throw templateError(
          'OUTPUT_TOO_LARGE',
          file,
          {},
          `output of ${Buffer.byteLength(out)} bytes exceeds maxOutputSize (${ctx.maxOutputSize} bytes)`,
        );
      }
      return out;
    },
  };
}

// A UTF-16 unit is 1 to 3 UTF-8 bytes (a surrogate pair, 2 units, is 4): the length alone decides most cases, and
// counting the bytes of a 200 KB output costs ~1.4 ms per render.
function exceeds(out: string, limit: number): boolean {
  if (out.length > limit) return true;
  if (out.length * 3 <= limit) return false;
  return Buffer.byteLength(out) > limit;
}

/** A read failure as a TemplateError: TEMPLATE_NOT_FOUND when the file is missing. */
export function readError(file: string, error: unknown): TemplateError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return templateError('TEMPLATE_NOT_FOUND', file, {}, 'template not found', { cause: error });
  return templateError('TEMPLATE_READ', file, {}, `cannot read template: ${(error as Error).message}`, { cause: error });
}

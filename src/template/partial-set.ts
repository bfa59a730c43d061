// Resolves a template's partial calls at compile time: each {{> name}} must be an inline partial visible there or a
// file under the partials directory, checked (and compiled) before any render. Errors name the partial's file and
// the call that led to it.
import { TemplateError } from '../errors.js';
import type { Location } from './locate.js';
import { formatLocation, templateError } from './locate.js';
import { findPartialCalls, PARTIAL_BLOCK, partialFile, type PartialCall } from './partial-calls.js';
import type { PartialFn } from './partial-runtime.js';
import type { TemplateAst } from './parse-template.js';
import { parseTemplate } from './parse-template.js';

/** Partial sources already read (load-template.ts reads them; tests pass them in memory). */
export interface PartialSources {
  /** Where partial files live: `<confdir>/templates/partials`. */
  readonly dir: string;
  /** Source of partial `name`; undefined when its file does not exist. */
  read(name: string): string | undefined;
}

/** Compiles one parsed partial (with the template's compile options) into what Handlebars calls. */
export type CompilePartial = (ast: TemplateAst, file: string) => PartialFn;

interface Loaded {
  file: string;
  calls: PartialCall[];
}

/** The file partials `ast` uses, directly or through other partials, by name; throws on the first problem. */
export function compilePartials(
  ast: TemplateAst,
  file: string,
  sources: PartialSources | undefined,
  compile: CompilePartial,
): Record<string, PartialFn> {
  const compiled: Record<string, PartialFn> = Object.create(null) as Record<string, PartialFn>;
  const loaded = new Map<string, Loaded | undefined>();
  const checked = new Set<string>();

  const load = (call: PartialCall, caller: string): Loaded | undefined => {
    if (loaded.has(call.name)) return loaded.get(call.name);
    const source = sources?.read(call.name);
    const pfile = sources === undefined ? undefined : partialFile(sources.dir, call.name);
    let entry: Loaded | undefined;
    if (source !== undefined && pfile !== undefined) {
      try {
        const past = parseTemplate(source, pfile);
        entry = { file: pfile, calls: findPartialCalls(past, pfile) };
        compiled[call.name] = compile(past, pfile);
      } catch (error) {
        throw calledFrom(error, pfile, caller, call.loc);
      }
    }
    loaded.set(call.name, entry);
    return entry;
  };

  // `inherited`: inline partials the caller's scope passes down (the layout pattern: {{#> layout}}{{#*inline "body"}}).
  const check = (calls: readonly PartialCall[], inherited: ReadonlySet<string>, caller: string): void => {
    for (const call of calls) {
      if (call.name === PARTIAL_BLOCK || call.inline.has(call.name) || inherited.has(call.name)) continue;
      const partial = load(call, caller);
      if (partial === undefined) {
        if (call.block) continue; // Handlebars renders the block when the partial does not exist
        const where = sources === undefined ? 'no partials directory' : `no file ${partialFile(sources.dir, call.name)}`;
        throw templateError('UNKNOWN_PARTIAL', caller, call.loc, `unknown partial "${call.name}" (${where})`, { key: call.name });
      }
      const visible = new Set([...inherited, ...call.inline, ...call.passes]);
      const key = `${call.name}\0${[...visible].sort().join('\0')}`;
      if (checked.has(key)) continue; // also ends recursive partials
      checked.add(key);
      check(partial.calls, visible, partial.file);
    }
  };

  check(findPartialCalls(ast, file), new Set(), file);
  return compiled;
}

// An error in a partial's own text names the partial's file:line:col, then where it was called from.
function calledFrom(error: unknown, pfile: string, caller: string, loc: Location): unknown {
  if (!(error instanceof TemplateError) || error.file !== pfile || error.message.includes('(partial called from ')) return error;
  const message = `${error.message} (partial called from ${formatLocation(caller, loc)})`;
  return new TemplateError(error.code, message, {
    file: pfile,
    line: error.line,
    column: error.column,
    ...(error.key === undefined ? {} : { key: error.key }),
    cause: error,
  });
}

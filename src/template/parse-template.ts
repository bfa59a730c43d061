// Parse a template or partial and run the checks that need no data: syntax, unknown helpers, helper arity.
import { hb, HELPER_TRAITS } from './handlebars.js';
import { findArityError } from './helper-arity.js';
import { findUnknownHelper } from './helper-check.js';
import { lastLexer } from './handlebars-internals.js';
import { templateError } from './locate.js';
import { syntaxError } from './template-errors.js';

export type TemplateAst = ReturnType<typeof hb.parseWithoutProcessing>;

/** The AST of `source`; every error names `file`:line:column. */
export function parseTemplate(source: string, file: string): TemplateAst {
  let ast: TemplateAst;
  try {
    ast = hb.parseWithoutProcessing(source);
  } catch (error) {
    throw syntaxError(file, error, lastLexer(hb));
  }
  const unknown = findUnknownHelper(ast, hb.helpers);
  if (unknown) throw templateError('UNKNOWN_HELPER', file, unknown.loc, `unknown helper "${unknown.name}"`, { key: unknown.name });
  const arity = findArityError(ast, HELPER_TRAITS);
  if (arity) throw templateError('HELPER_ARGS', file, arity.loc, arity.message);
  return ast;
}

// Checks every call of a helper against the arity its definition declares, so `{{add 1}}` fails at compile time
// (and in `confetti check`) instead of at the first render.
import { blockParamsOf, isCall, isPath, locationOf, visitAst } from './ast-visit.js';
import { arityMessage } from './helper-context.js';
import type { Location } from './locate.js';

/** What the check needs of a helper: its arity (HelperTraits, handlebars.ts). */
export type Arities = Readonly<Record<string, { readonly arity: readonly [min: number, max: number] }>>;

// Handlebars' own test for a name that may be a helper (compiler's simpleId/scopedId): "this.x", "./x" are lookups.
function simpleName(path: hbs.AST.Node): string | undefined {
  if (!isPath(path) || path.data || path.depth !== 0 || path.parts.length !== 1) return undefined;
  return /^\.|this\b/.test(path.original) ? undefined : path.parts[0];
}

/**
 * The first call site whose argument count the helper's definition refuses. With knownHelpersOnly a bare `{{add}}`
 * is a call too; a block param of the same name shadows the helper, as in Handlebars.
 */
export function findArityError(ast: hbs.AST.Program, helpers: Arities): { loc: Location; message: string } | undefined {
  let found: { loc: Location; message: string } | undefined;
  visitAst(ast, (node, programs) => {
    if (found !== undefined) return false;
    const name = isCall(node) ? simpleName(node.path) : undefined;
    if (name === undefined || !Object.hasOwn(helpers, name) || programs.some((p) => blockParamsOf(p).includes(name))) return;
    const arity = (helpers[name] as Arities[string]).arity;
    const got = (node as hbs.AST.MustacheStatement).params.length;
    if (got < arity[0] || got > arity[1]) found = { loc: locationOf(node), message: arityMessage(name, arity, got) };
  });
  return found;
}

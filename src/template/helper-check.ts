// Finds calls to helpers that do not exist, so a typo fails at compile time instead of at the first render.
import { hashOf, isCall, isPath, locationOf, visitAst, type CallNode } from './ast-visit.js';
import type { Location } from './locate.js';

/**
 * A call with arguments is always a helper call; a bare name may still be a value, which strict mode checks.
 * A call through a path ("foo.bar x", "@x y", "../f z") could only call a function stored in the data, which
 * keys never are: its whole path is the unknown helper's name.
 */
function calledName(node: CallNode): string | undefined {
  if (node.params.length === 0 && hashOf(node) === undefined) return undefined;
  const path: hbs.AST.Node = node.path;
  if (isPath(path) && !path.data && path.depth === 0 && path.parts.length === 1) return path.parts[0];
  return isPath(path) ? path.original : path.type;
}

export function findUnknownHelper(
  ast: hbs.AST.Program,
  helpers: Readonly<Record<string, unknown>>,
): { name: string; loc: Location } | undefined {
  let found: { name: string; loc: Location } | undefined;
  visitAst(ast, (node) => {
    if (found !== undefined) return false;
    const name = isCall(node) ? calledName(node) : undefined;
    if (name !== undefined && !Object.hasOwn(helpers, name)) found = { name, loc: locationOf(node) };
  });
  return found;
}

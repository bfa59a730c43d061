// Checks every call of a confetti helper against the arity its spec declares, so `{{add 1}}` fails at compile time
// (and in `confetti check`) instead of at the first render.
import { arityMessage } from './helper-context.js';
import type { Location } from './locate.js';

interface AstNode {
  type?: string;
  path?: { type?: string; data?: boolean; depth?: number; parts?: string[]; original?: string };
  params?: unknown[];
  blockParams?: string[];
  loc?: { start: { line: number; column: number } };
}

const CALLS = new Set(['MustacheStatement', 'BlockStatement', 'SubExpression']);

// Handlebars' own test for a name that may be a helper (compiler's simpleId/scopedId): "this.x", "./x" are lookups.
function simpleName(path: AstNode['path']): string | undefined {
  if (path?.type !== 'PathExpression' || path.data || (path.depth ?? 0) !== 0 || path.parts?.length !== 1) return undefined;
  return /^\.|this\b/.test(path.original ?? '') ? undefined : path.parts[0];
}

/**
 * The first call site whose argument count the helper's spec refuses. With knownHelpersOnly a bare `{{add}}` is a
 * call too; a block param of the same name shadows the helper, as in Handlebars.
 */
/** What the check needs of a helper: its arity (HelperSpec has it; block helpers are listed in BLOCK_ARITY). */
export type Arities = Readonly<Record<string, { readonly arity: readonly [min: number, max: number] }>>;

/** Handlebars' and confetti's raw block helpers, which have no HelperSpec. */
export const BLOCK_ARITY: Arities = {
  if: { arity: [1, 1] },
  unless: { arity: [1, 1] },
  with: { arity: [1, 1] },
  each: { arity: [1, 1] },
  let: { arity: [1, 1] },
  lookup: { arity: [2, 2] },
};

export function findArityError(ast: unknown, helpers: Arities): { loc: Location; message: string } | undefined {
  const visit = (node: unknown, params: ReadonlySet<string>): { loc: Location; message: string } | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    if (Array.isArray(node)) {
      for (const child of node) {
        const found = visit(child, params);
        if (found) return found;
      }
      return undefined;
    }
    const n = node as AstNode;
    let scope = params;
    if (n.type === 'Program' && (n.blockParams?.length ?? 0) > 0) scope = new Set([...params, ...(n.blockParams ?? [])]);
    const name = CALLS.has(n.type ?? '') ? simpleName(n.path) : undefined;
    const spec = name === undefined || scope.has(name) || !Object.hasOwn(helpers, name) ? undefined : helpers[name];
    if (spec !== undefined && name !== undefined) {
      const got = n.params?.length ?? 0;
      const [min, max] = spec.arity;
      if (got < min || got > max) {
        const start = n.loc?.start;
        return {
          loc: start === undefined ? {} : { line: start.line, column: start.column + 1 },
          message: arityMessage(name, spec.arity, got),
        };
      }
    }
    for (const [field, child] of Object.entries(node)) {
      if (field === 'loc' || typeof child !== 'object') continue;
      const found = visit(child, scope);
      if (found) return found;
    }
    return undefined;
  };
  return visit(ast, new Set());
}

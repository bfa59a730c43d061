// Finds calls to helpers that do not exist, so a typo fails at compile time instead of at the first render.
import type { Location } from './locate.js';

interface AstNode {
  type?: string;
  path?: { type?: string; data?: boolean; depth?: number; parts?: string[]; original?: string };
  params?: unknown[];
  hash?: unknown;
  loc?: { start: { line: number; column: number } };
}

const CALLS = new Set(['MustacheStatement', 'BlockStatement', 'SubExpression']);

/**
 * A call with arguments is always a helper call; a bare name may still be a value, which strict mode checks.
 * A call through a path ("foo.bar x", "@x y", "../f z") could only call a function stored in the data, which
 * keys never are: its whole path is the unknown helper's name.
 */
function calledName(node: AstNode): string | undefined {
  if (!CALLS.has(node.type ?? '') || ((node.params?.length ?? 0) === 0 && node.hash === undefined)) return undefined;
  const path = node.path;
  if (path?.type === 'PathExpression' && !path.data && path.depth === 0 && path.parts?.length === 1) return path.parts[0];
  return path?.original ?? String(path?.type);
}

export function findUnknownHelper(ast: unknown, helpers: Readonly<Record<string, unknown>>): { name: string; loc: Location } | undefined {
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const call: AstNode = node;
    const name = calledName(call);
    if (name !== undefined && !Object.hasOwn(helpers, name)) {
      const start = call.loc?.start;
      return { name, loc: start === undefined ? {} : { line: start.line, column: start.column + 1 } };
    }
    for (const [field, child] of Object.entries(node)) if (field !== 'loc' && typeof child === 'object') stack.push(child);
  }
  return undefined;
}

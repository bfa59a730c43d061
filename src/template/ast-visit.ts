// One walk over Handlebars' own AST types (hbs.AST, shipped with handlebars) for every static look at a template:
// unknown helpers (helper-check.ts), helper arity (helper-arity.ts), partial calls (partial-calls.ts) and which
// #each blocks may reuse their output (each-memo.ts).
import type { Location } from './locate.js';

/** A node that calls a helper or looks a name up: {{x …}}, {{#x …}}…{{/x}}, (x …). */
export type CallNode = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

/**
 * Called for every node, parents before children, in source order. `programs` are the block bodies around the node,
 * outermost first (the template itself included; a node's own program is not around its path and arguments).
 * It is the walk's own stack: copy it to keep it. Return false to skip the node's children.
 */
export type Visit = (node: hbs.AST.Node, programs: readonly hbs.AST.Program[]) => boolean | void;

/** Walk `root` (a parsed template, or any node of one). */
export function visitAst(root: hbs.AST.Node, visit: Visit): void {
  const programs: hbs.AST.Program[] = [];
  const walk = (node: hbs.AST.Node | undefined): void => {
    if (node === undefined || visit(node, programs) === false) return;
    const n = node as Partial<Children>;
    if (node.type === 'Program') {
      programs.push(node as hbs.AST.Program);
      for (const statement of n.body ?? []) walk(statement);
      programs.pop();
      return;
    }
    if (node.type === 'HashPair') return walk(n.value);
    walk(n.path ?? n.name);
    for (const param of n.params ?? []) walk(param);
    for (const pair of n.hash?.pairs ?? []) walk(pair);
    walk(n.program);
    walk(n.inverse);
  };
  walk(root);
}

// The child fields of every node type. Handlebars leaves `hash`, `inverse`, `program` and `blockParams` out when empty,
// although its types declare them, so they are read as optional.
interface Children {
  body: hbs.AST.Statement[];
  path: hbs.AST.Node;
  name: hbs.AST.Node;
  params: hbs.AST.Expression[];
  hash: hbs.AST.Hash;
  program: hbs.AST.Program;
  inverse: hbs.AST.Program;
  value: hbs.AST.Expression;
}

export function isCall(node: hbs.AST.Node): node is CallNode {
  return node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression';
}

export function isPath(node: hbs.AST.Node | undefined): node is hbs.AST.PathExpression {
  return node?.type === 'PathExpression';
}

/** The node's hash, undefined when it has none. */
export function hashOf(node: { hash: hbs.AST.Hash }): hbs.AST.Hash | undefined {
  return node.hash;
}

/** Block params a program declares (`as |x i|`); none when it declares none. */
export function blockParamsOf(program: hbs.AST.Program | undefined): readonly string[] {
  return program?.blockParams ?? [];
}

/** A node's start as a 1-based line and column, for errors. */
export function locationOf(node: hbs.AST.Node): Location {
  const start = (node.loc as hbs.AST.SourceLocation | undefined)?.start;
  return start === undefined ? {} : { line: start.line, column: start.column + 1 };
}

// Where a template calls partials, read from its syntax: every {{> name}} with the inline partials visible there.
// Names are static: a dynamic {{> (expr)}} could not be checked before rendering, so it is refused.
import { isAbsolute, join } from 'node:path';
import { locationOf, visitAst } from './ast-visit.js';
import type { Location } from './locate.js';
import { templateError } from './locate.js';

/** One {{> name}} or {{#> name}}…{{/name}} in a file. */
export interface PartialCall {
  readonly name: string;
  readonly loc: Location;
  /** A partial block: when no partial of that name exists, Handlebars renders the block instead. */
  readonly block: boolean;
  /** Inline partials ({{#*inline "x"}}) defined around the call in the same file; they win over files. */
  readonly inline: ReadonlySet<string>;
  /** Inline partials defined inside the partial block's body: the called partial sees them too. */
  readonly passes: ReadonlySet<string>;
}

/** Handlebars' name for the block a partial was called with. */
export const PARTIAL_BLOCK = '@partial-block';

type PartialNode = hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement;

/** Inline partials a program defines: {{#*inline "name"}} among its own statements. */
function inlineNames(program: hbs.AST.Program | undefined): Set<string> {
  const names = new Set<string>();
  for (const s of program?.body ?? []) {
    if (s.type !== 'DecoratorBlock') continue;
    const block = s as hbs.AST.DecoratorBlock;
    const arg = block.params[0];
    if (block.path.original === 'inline' && arg?.type === 'StringLiteral') names.add((arg as hbs.AST.StringLiteral).value);
  }
  return names;
}

/** Every partial call in `ast`; invalid names, dynamic names and extra arguments are errors naming `file`. */
export function findPartialCalls(ast: hbs.AST.Program, file: string): PartialCall[] {
  const calls: PartialCall[] = [];
  // Inline partials defined by each program, computed once per program.
  const defined = new Map<hbs.AST.Program, Set<string>>();
  const definedIn = (program: hbs.AST.Program): Set<string> => {
    let names = defined.get(program);
    if (names === undefined) defined.set(program, (names = inlineNames(program)));
    return names;
  };
  visitAst(ast, (node, programs) => {
    if (node.type !== 'PartialStatement' && node.type !== 'PartialBlockStatement') return;
    const call = node as PartialNode;
    const block = node.type === 'PartialBlockStatement';
    const inline = new Set(programs.flatMap((p) => [...definedIn(p)]));
    const passes = block ? inlineNames((call as hbs.AST.PartialBlockStatement).program) : new Set<string>();
    calls.push({ name: partialName(call, file), loc: locationOf(node), block, inline, passes });
  });
  return calls;
}

function partialName(node: PartialNode, file: string): string {
  const at = locationOf(node);
  if (node.name.type === 'SubExpression') {
    throw templateError('DYNAMIC_PARTIAL', file, at, 'dynamic partial names ({{> (…)}}) are not supported: name the partial');
  }
  if (node.params.length > 1)
    throw templateError('PARTIAL_ARGS', file, at, `partial takes one context argument, got ${node.params.length}`);
  const name = String((node.name as { original?: unknown }).original);
  if (name === PARTIAL_BLOCK) return name;
  const segments = name.split('/');
  if (
    isAbsolute(name) ||
    name.includes('\\') ||
    name.includes('\0') ||
    name.startsWith('@') ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw templateError(
      'INVALID_PARTIAL_NAME',
      file,
      at,
      `invalid partial name "${name}": use names like "backend" or "haproxy/backend" (files under templates/partials)`,
      { key: name },
    );
  }
  return name;
}

/** The file of partial `name`: `haproxy/backend` is `<dir>/haproxy/backend.hbs`. */
export function partialFile(dir: string, name: string): string {
  return join(dir, `${name}.hbs`);
}

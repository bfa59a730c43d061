// Where a template calls partials, read from its syntax: every {{> name}} with the inline partials visible there.
// Names are static: a dynamic {{> (expr)}} could not be checked before rendering, so it is refused.
import { isAbsolute, join } from 'node:path';
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

interface Node {
  type?: string;
  name?: { type?: string; original?: unknown };
  params?: { type?: string; value?: unknown }[];
  path?: { original?: string };
  body?: Node[];
  program?: Node;
  inverse?: Node;
  loc?: { start: { line: number; column: number } };
}

const at = (node: Node): Location => (node.loc === undefined ? {} : { line: node.loc.start.line, column: node.loc.start.column + 1 });

/** Inline partials a program defines: {{#*inline "name"}} among its own statements. */
function inlineNames(program: Node | undefined): Set<string> {
  const names = new Set<string>();
  for (const s of program?.body ?? []) {
    const arg = s.params?.[0];
    if (s.type === 'DecoratorBlock' && s.path?.original === 'inline' && arg?.type === 'StringLiteral') names.add(String(arg.value));
  }
  return names;
}

/** Every partial call in `ast` (a Program); invalid names, dynamic names and extra arguments are errors naming `file`. */
export function findPartialCalls(ast: unknown, file: string): PartialCall[] {
  const calls: PartialCall[] = [];
  const visit = (program: Node | undefined, outer: ReadonlySet<string>): void => {
    if (program === undefined) return;
    const own = inlineNames(program);
    const visible = own.size === 0 ? outer : new Set([...outer, ...own]);
    for (const node of program.body ?? []) {
      if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
        const block = node.type === 'PartialBlockStatement';
        calls.push({
          name: partialName(node, file),
          loc: at(node),
          block,
          inline: visible,
          passes: block ? inlineNames(node.program) : new Set(),
        });
      }
      visit(node.program, visible);
      visit(node.inverse, visible);
    }
  };
  visit(ast as Node, new Set());
  return calls;
}

function partialName(node: Node, file: string): string {
  if (node.name?.type === 'SubExpression') {
    throw templateError('DYNAMIC_PARTIAL', file, at(node), 'dynamic partial names ({{> (…)}}) are not supported: name the partial');
  }
  if ((node.params?.length ?? 0) > 1)
    throw templateError('PARTIAL_ARGS', file, at(node), `partial takes one context argument, got ${node.params?.length}`);
  const name = String(node.name?.original);
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
      at(node),
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

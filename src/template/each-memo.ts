// #each reuse, the one fast path of rendering, all of it here (each.ts's array loop calls BlockMemo.render in one
// `if`). When a block's output can depend on nothing but its item (and its position), the output of an unchanged item
// is the one already produced: a 10,000-key render where one key moved runs the block once, not 10,000 times
// (`node bench/render.mjs`, 10,000 keys: 0.47 ms a render, 3.8 ms without reuse; docs/design.md). It relies on:
// - the mirror handing out the same frozen entry object for a key until its value changes: Mirror.apply replaces
//   only changed entries, Mirror.load keeps unchanged ones, View.scope caches its renamed copy per entry (tested in
//   mirror.test.ts and each-memo.test.ts);
// - each helper's `pure` declaration (helper-context.ts; helper-traits.test.ts checks every helper has one);
// - Handlebars passing a block's source position (`loc`) to helpers, by which blocks are told apart
//   (handlebars-internals.ts), and partials running with their own file's memo (partial-runtime.ts).
// Which blocks qualify is decided from the template's syntax, conservatively (planEachMemo).
import { blockParamsOf, isPath, visitAst, type CallNode } from './ast-visit.js';
import type { HelperTraits } from './helper-context.js';

/** Loop data a block may read; it makes the output depend on the position too. */
const POSITION_DATA = new Set(['index', 'key', 'first', 'last']);

interface Cached {
  out: string;
  index: number;
  last: boolean;
}

/** The block's last output: its list, the text, and where each item's piece starts in it (length + 1 offsets). */
interface Previous {
  list: unknown[];
  out: string;
  offsets: number[];
}

/** One #each block's reusable outputs: the last output by position, and every item's latest piece by item object. */
export class BlockMemo {
  /** The output may depend on @index/@key/@first/@last or a block param: reuse only at the same position. */
  readonly positional: boolean;
  /** Items whose output was reused / had to be produced (for tests and profiling). */
  hits = 0;
  runs = 0;
  #outputs = new WeakMap<object, Cached>();
  #previous: Previous | undefined;

  constructor(positional: boolean) {
    this.positional = positional;
  }

  /**
   * The block's output for `list`; `run(i)` renders item i, `add` counts output against the render's limits.
   * Items equal (same object) to the last output's at the same index are copied from it as whole runs: when one
   * key of 10,000 changed, the output is two slices of the last one around one new piece, and no per-item work
   * is done. Other items come from the per-item cache or are run.
   */
  render(list: unknown[], run: (i: number) => string, add: (piece: string) => string): string {
    const prev = this.#previous;
    const last = list.length - 1;
    const offsets = new Array<number>(list.length + 1);
    let out = '';
    let i = 0;
    while (i <= last) {
      let j = i;
      while (j <= last && prev !== undefined && this.#aligned(list, j, prev)) j++;
      if (j > i && prev !== undefined) {
        const start = prev.offsets[i] as number;
        for (let k = i; k < j; k++) offsets[k] = out.length + (prev.offsets[k] as number) - start;
        out += add(prev.out.slice(start, prev.offsets[j]));
        this.hits += j - i;
        i = j;
        continue;
      }
      offsets[i] = out.length;
      if (i in list) out += add(this.#piece(list[i], i, i === last, run));
      i++;
    }
    offsets[list.length] = out.length;
    this.#previous = { list, out, offsets };
    return out;
  }

  // Same object at the same index (and, for a positional body, the same first/last standing) as last time.
  #aligned(list: unknown[], i: number, prev: Previous): boolean {
    const item = list[i];
    if (i >= prev.list.length || item !== prev.list[i] || typeof item !== 'object' || item === null || !(i in list)) return false;
    return !this.positional || (i === list.length - 1) === (i === prev.list.length - 1);
  }

  #piece(item: unknown, index: number, last: boolean, run: (i: number) => string): string {
    const reusable = typeof item === 'object' && item !== null;
    if (reusable) {
      const hit = this.#outputs.get(item);
      if (hit !== undefined && (!this.positional || (hit.index === index && hit.last === last))) {
        this.hits++;
        return hit.out;
      }
    }
    this.runs++;
    const out = run(index);
    if (reusable) this.#outputs.set(item, { out, index, last });
    return out;
  }
}

/** The memoizable #each blocks of one compiled template, by the source position Handlebars passes as `loc`. */
export class TemplateMemo {
  readonly #blocks: ReadonlyMap<string, BlockMemo>;

  constructor(blocks: ReadonlyMap<string, BlockMemo>) {
    this.#blocks = blocks;
  }

  block(loc: { start: { line: number; column: number } } | undefined): BlockMemo | undefined {
    return loc === undefined ? undefined : this.#blocks.get(positionKey(loc.start));
  }

  /** Source positions ("line:column") of the memoized blocks. */
  get positions(): string[] {
    return [...this.#blocks.keys()];
  }
}

const positionKey = (start: { line: number; column: number }): string => `${start.line}:${start.column}`;

/** Find the #each blocks of `ast` whose body is a function of its item; `helpers` declare every helper's purity. */
export function planEachMemo(ast: hbs.AST.Program, helpers: Readonly<Record<string, HelperTraits>>): TemplateMemo {
  const blocks = new Map<string, BlockMemo>();
  visitAst(ast, (node, programs) => {
    if (node.type !== 'BlockStatement') return;
    const each = node as hbs.AST.BlockStatement;
    // A name inside the body could be an enclosing block's param, which the syntax cannot tell from a field.
    if (each.path.original !== 'each' || programs.some((p) => blockParamsOf(p).length > 0)) return;
    const verdict = itemOnly(each, helpers);
    if (verdict !== undefined)
      blocks.set(positionKey(each.loc.start), new BlockMemo(blockParamsOf(each.program).length > 0 || verdict.positional));
  });
  return new TemplateMemo(blocks);
}

/**
 * Whether the block's output can depend on nothing but its item (and its position: `positional`), from its syntax:
 * text, literals, the item's own fields, @index/@key/@first/@last and pure helpers only. Undefined when it may
 * depend on more: an impure helper, `../`, `@root`, other @data, partials, decorators, anything new.
 */
function itemOnly(each: hbs.AST.BlockStatement, helpers: Readonly<Record<string, HelperTraits>>): { positional: boolean } | undefined {
  let pure = true;
  let positional = false;
  const check = (node: hbs.AST.Node): boolean => {
    if (!pure) return false;
    switch (node.type) {
      case 'Program':
      case 'ContentStatement':
      case 'CommentStatement':
      case 'Hash':
      case 'HashPair':
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral':
      case 'UndefinedLiteral':
      case 'NullLiteral':
        return true;
      case 'MustacheStatement':
      case 'SubExpression':
      case 'BlockStatement': {
        // The callee: a helper must be pure; any other name is a lookup, checked as a path below.
        const path: hbs.AST.Node = (node as CallNode).path;
        const name = isPath(path) && path.parts.length === 1 && !path.data ? path.parts[0] : undefined;
        if (name !== undefined && Object.hasOwn(helpers, name) && helpers[name]?.pure !== true) pure = false;
        return pure;
      }
      case 'PathExpression': {
        // The item's own fields and the loop's position only: no ../, no @root, no other @data.
        const path = node as hbs.AST.PathExpression;
        if (path.depth !== 0 || (path.data && (path.parts.length !== 1 || !POSITION_DATA.has(path.parts[0] as string)))) pure = false;
        else if (path.data) positional = true;
        return pure;
      }
      default:
        pure = false;
        return false;
    }
  };
  visitAst(each.program, check);
  if (each.inverse as hbs.AST.Program | undefined) visitAst(each.inverse, check);
  return pure ? { positional } : undefined;
}

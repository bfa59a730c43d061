// Reusing an #each item's output from an earlier render. The mirror hands templates the same frozen entry object
// for a key until its value changes, so when a block's output can depend on nothing but its item (and its
// position), the output of an unchanged entry is the one already produced: a 10,000-key render where one key moved
// runs the block once, not 10,000 times. Which blocks qualify is decided from the template's syntax, conservatively.

/** Helpers whose result depends on their arguments alone (not on the store, the environment, the clock or files). */
const PURE_HELPERS = new Set([
  'printf',
  'base',
  'dir',
  'split',
  'join',
  'toUpper',
  'toLower',
  'contains',
  'replace',
  'trimSuffix',
  'base64Encode',
  'base64Decode',
  'add',
  'sub',
  'mul',
  'div',
  'mod',
  'atoi',
  'seq',
  'json',
  'jsonArray',
  'map',
  'parseBool',
  'reverse',
  'sortByLength',
  'sortKVByLength',
  'each',
  'if',
  'unless',
  'with',
  'lookup',
]);
// Go text/template's built-ins and the additions (helpers-compare.ts, helpers-go.ts, helpers-extras.ts).
for (const name of [
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'and',
  'or',
  'not',
  'len',
  'index',
  'slice',
  'print',
  'println',
  'urlquery',
  'html',
  'js',
  'default',
  'first',
  'last',
  'sortNatural',
  'matches',
])
  PURE_HELPERS.add(name);
// `instance` (helpers-instance.ts) logs a value it skips, by key: a reused item is not logged again, which is what a
// log of the same unchanged key would be anyway.
PURE_HELPERS.add('instance');
/** Loop data a block may read; it makes the output depend on the position too. */
const POSITION_DATA = new Set(['index', 'key', 'first', 'last']);

interface Node {
  type?: string;
  path?: Node;
  params?: Node[];
  hash?: { pairs?: { value: Node }[] };
  program?: { body?: Node[]; blockParams?: string[] };
  inverse?: { body?: Node[]; blockParams?: string[] };
  body?: Node[];
  data?: boolean;
  depth?: number;
  parts?: string[];
  original?: string;
  loc?: { start: { line: number; column: number } };
}

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
    return loc === undefined ? undefined : this.#blocks.get(positionKey(loc));
  }

  /** Source positions ("line:column") of the memoized blocks. */
  get positions(): string[] {
    return [...this.#blocks.keys()];
  }
}

const positionKey = (loc: { start: { line: number; column: number } }): string => `${loc.start.line}:${loc.start.column}`;

/** Find the #each blocks of `ast` whose body is a function of its item; `helpers` are the registered helper names. */
export function planEachMemo(ast: unknown, helpers: Readonly<Record<string, unknown>>): TemplateMemo {
  const blocks = new Map<string, BlockMemo>();
  const visit = (nodes: Node[] | undefined, outerParams: boolean): void => {
    for (const node of nodes ?? []) {
      if (node.type !== 'BlockStatement') continue;
      const own = (node.program?.blockParams?.length ?? 0) > 0;
      const isEach = node.path?.type === 'PathExpression' && node.path.original === 'each';
      // A name inside the body could be an enclosing block's param, which the syntax cannot tell from a field.
      if (isEach && !outerParams && node.loc !== undefined) {
        const verdict = new Verdict(helpers);
        if (verdict.body(node.program?.body) && verdict.body(node.inverse?.body))
          blocks.set(positionKey(node.loc), new BlockMemo(own || verdict.positional));
      }
      visit(node.program?.body, outerParams || own);
      visit(node.inverse?.body, outerParams || (node.inverse?.blockParams?.length ?? 0) > 0);
    }
  };
  visit((ast as Node).body, false);
  return new TemplateMemo(blocks);
}

class Verdict {
  positional = false;
  readonly #helpers: Readonly<Record<string, unknown>>;

  constructor(helpers: Readonly<Record<string, unknown>>) {
    this.#helpers = helpers;
  }

  body(nodes: Node[] | undefined): boolean {
    return (nodes ?? []).every((n) => this.#statement(n));
  }

  #statement(node: Node): boolean {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return true;
      case 'MustacheStatement':
      case 'SubExpression':
        return this.#call(node);
      case 'BlockStatement':
        return this.#call(node) && this.body(node.program?.body) && this.body(node.inverse?.body);
      default:
        return false; // partials, decorators, anything new
    }
  }

  // A helper call or a lookup: the callee and every argument must be pure.
  #call(node: Node): boolean {
    const path = node.path;
    if (path?.type !== 'PathExpression' || !this.#path(path)) return false;
    const name = path.parts?.length === 1 && !path.data ? path.parts[0] : undefined;
    const args = [...(node.params ?? []), ...(node.hash?.pairs ?? []).map((p) => p.value)];
    const helper = name !== undefined && Object.hasOwn(this.#helpers, name);
    if (helper && !PURE_HELPERS.has(name)) return false;
    return args.every((a) => this.#value(a));
  }

  #value(node: Node): boolean {
    switch (node.type) {
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral':
      case 'UndefinedLiteral':
      case 'NullLiteral':
        return true;
      case 'PathExpression':
        return this.#path(node);
      case 'SubExpression':
        return this.#call(node);
      default:
        return false;
    }
  }

  // The item's own fields and the loop's position only: no ../, no @root, no other @data.
  #path(node: Node): boolean {
    if ((node.depth ?? 0) !== 0) return false;
    if (!node.data) return true;
    if (node.parts?.length !== 1 || !POSITION_DATA.has(node.parts[0] as string)) return false;
    this.positional = true;
    return true;
  }
}

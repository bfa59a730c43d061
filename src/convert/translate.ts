// Go text/template (confd's templates) → confetti's confd dialect of Handlebars. The output renders the bytes Go
// renders: text is copied as is (trim markers were applied by the scanner), `{{$x := v}}` opens a `{{#let v as |x|}}`
// block that closes where Go's variable goes out of scope, `range` becomes `#each` with block params, `define` an
// inline partial. What has no translation is listed as a note and marked in the output.
import { CONFD_PRAGMA } from '../template/dialect.js';
import { HELPERS } from '../template/handlebars.js';
import type { Command, Node, Operand, Pipeline } from './go-parse.js';
import { parseTemplate } from './go-parse.js';
import type { Position } from './go-scan.js';
import { GoSyntaxError } from './go-scan.js';
import { hbString, Output } from './hb-output.js';

export interface ConvertNote {
  line: number;
  column: number;
  construct: string;
  todo: string;
}

export interface ConvertResult {
  /** The Handlebars template (confd dialect); undefined when the Go template does not parse. */
  source: string | undefined;
  /** Places that need a person; each is also marked in `source` with a CONFETTI-CONVERT comment. */
  notes: ConvertNote[];
}

/** confd's functions and Go's built-ins; each is a confetti helper of the same name and semantics. */
export const GO_FUNCTIONS: ReadonlySet<string> = new Set([
  // confd
  'base',
  'split',
  'json',
  'jsonArray',
  'dir',
  'map',
  'getenv',
  'join',
  'datetime',
  'toUpper',
  'toLower',
  'contains',
  'replace',
  'trimSuffix',
  'lookupIP',
  'lookupIPV4',
  'lookupIPV6',
  'lookupSRV',
  'fileExists',
  'base64Encode',
  'base64Decode',
  'parseBool',
  'reverse',
  'sortByLength',
  'sortKVByLength',
  'add',
  'sub',
  'div',
  'mod',
  'mul',
  'seq',
  'atoi',
  'exists',
  'ls',
  'lsdir',
  'get',
  'gets',
  'getv',
  'getvs',
  // Go's built-ins (call is not: there are no function values in confetti)
  'and',
  'or',
  'not',
  'len',
  'index',
  'slice',
  'print',
  'printf',
  'println',
  'html',
  'js',
  'urlquery',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
]);

/** confd's {key, value} pairs have Go field names; confetti's entries have lowercase ones. */
const FIELD_NAMES: Readonly<Record<string, string>> = { Key: 'key', Value: 'value' };

// Names a block parameter must not take: Handlebars keywords and every helper a template may call.
const RESERVED = new Set([
  ...GO_FUNCTIONS,
  ...Object.keys(HELPERS),
  'this',
  'true',
  'false',
  'null',
  'undefined',
  'else',
  'as',
  'let',
  'each',
  'if',
  'unless',
  'with',
  'lookup',
  'log',
]);

export const CONVERT_MARK = 'CONFETTI-CONVERT';

/** Convert one Go template. Never throws for template content: problems become notes. */
export function convertTemplate(goSource: string): ConvertResult {
  let nodes: Node[];
  try {
    nodes = parseTemplate(goSource);
  } catch (error) {
    if (!(error instanceof GoSyntaxError)) throw error;
    return {
      source: undefined,
      notes: [{ ...error.pos, construct: 'syntax error', todo: `${error.message}; fix the Go template, then convert again` }],
    };
  }
  const t = new Translator();
  t.nodes(nodes);
  return { source: `${CONFD_PRAGMA}\n${t.out.join()}`, notes: t.notes };
}

type Expr = { call: true; name: string; args: string[] } | { call: false; text: string; literal: boolean };

interface Variable {
  hb: string;
  cell: boolean;
}

class Scope {
  readonly vars = new Map<string, Variable>();
  /** Closing tags of the `let` blocks this scope opened, innermost last. */
  readonly closes: string[] = [];
  constructor(readonly parent: Scope | undefined) {}
  find(name: string): Variable | undefined {
    return this.vars.get(name) ?? this.parent?.find(name);
  }
}

class Translator {
  readonly out = new Output();
  readonly notes: ConvertNote[] = [];
  #scope = new Scope(undefined);
  /** Variables some action assigns with `=`: declared as cells so the assignment reaches every reader. */
  #assigned = new Set<string>();
  /** Inside a {{define}}: how many blocks that move the dot (range, with) enclose this point; undefined outside. */
  #defineDepth: number | undefined;

  nodes(nodes: Node[]): void {
    this.#assigned = assignedNames(nodes);
    this.#block(nodes);
  }

  #block(nodes: Node[], params: Map<string, Variable> = new Map(), cells: { name: string; from: string }[] = []): void {
    const scope = new Scope(this.#scope);
    for (const [name, v] of params) scope.vars.set(name, v);
    this.#scope = scope;
    // A range variable the body assigns: a cell per iteration, made from the block parameter.
    for (const { name, from } of cells) {
      const v = { hb: hbName(name), cell: true };
      this.out.tag(`{{#let (cell ${from}) as |${v.hb}|}}`);
      scope.vars.set(name, v);
      scope.closes.push('{{/let}}');
    }
    for (const node of nodes) this.#node(node);
    for (const close of scope.closes.reverse()) this.out.tag(close);
    this.#scope = scope.parent as Scope;
  }

  #node(node: Node): void {
    switch (node.kind) {
      case 'text':
        this.out.text(node.value, node.trimStart, node.trimEnd);
        return;
      case 'comment':
        this.#comment(node.value, node.pos);
        return;
      case 'print':
        this.#print(node.pipe);
        return;
      case 'if':
        this.#withDecl(node.pipe, (cond) => {
          this.out.tag(`{{#if ${cond}}}`);
          this.#block(node.body);
          let orElse = node.orElse;
          let chained = false;
          // Go's {{else if}} nests an {{if}} in the else branch; Handlebars chains it the same way.
          while (orElse?.length === 1 && orElse[0]?.kind === 'if' && orElse[0].elseIf === true && orElse[0].pipe.decl === undefined) {
            const inner: Extract<Node, { kind: 'if' }> = orElse[0];
            chained = true;
            this.out.tag(`{{else if ${this.#param(this.#pipeline(inner.pipe))}}}`);
            this.#block(inner.body);
            orElse = inner.orElse;
          }
          if (orElse !== undefined) {
            this.out.tag('{{else}}');
            this.#block(orElse);
          }
          // Handlebars' `{{~/if}}` after an {{else if}} chain also trims the end of the last {{else if}} body
          // (its WhitespaceControl walks the chain's programs, not its inverses): text before it is trimmed here.
          this.out.tag('{{/if}}', chained);
        });
        return;
      case 'with':
        this.#withDecl(node.pipe, (value) => {
          this.out.tag(`{{#with ${value}}}`);
          this.#movedDot(() => this.#block(node.body));
          if (node.orElse !== undefined) {
            this.out.tag('{{else}}');
            this.#block(node.orElse);
          }
          this.out.tag('{{/with}}');
        });
        return;
      case 'range':
        this.#range(node);
        return;
      case 'define':
        this.#inline(node.name, node.body);
        return;
      case 'template':
        this.out.tag(
          node.pipe === undefined
            ? `{{> ${hbString(node.name)}}}`
            : `{{> ${hbString(node.name)} ${this.#param(this.#pipeline(node.pipe))}}}`,
        );
        return;
      case 'block':
        this.#inline(node.name, node.body);
        this.out.tag(`{{> ${hbString(node.name)} ${this.#param(this.#pipeline(node.pipe))}}}`);
        return;
      case 'break':
      case 'continue':
        this.#note(
          node.pos,
          `{{${node.kind}}}`,
          `Handlebars' #each cannot ${node.kind === 'break' ? 'stop early' : 'skip to the next item'}: rewrite the loop body with {{#if}}`,
        );
        return;
    }
  }

  // {{define "n"}} → an inline partial: its own variables, its `$` is its context.
  #inline(name: string, body: Node[]): void {
    this.out.tag(`{{#*inline ${hbString(name)}}}`);
    const [scope, depth] = [this.#scope, this.#defineDepth];
    this.#scope = new Scope(undefined);
    this.#defineDepth = 0;
    this.#block(body);
    [this.#scope, this.#defineDepth] = [scope, depth];
    this.out.tag('{{/inline}}');
  }

  /** Run `body` with the dot moved (range, with): `$` in a define can no longer be `this`. */
  #movedDot(body: () => void): void {
    if (this.#defineDepth !== undefined) this.#defineDepth++;
    body();
    if (this.#defineDepth !== undefined) this.#defineDepth--;
  }

  // {{if $x := p}} / {{with $x := p}}: the variable lives for the whole block, else branches included.
  #withDecl(pipe: Pipeline, emit: (value: string) => void): void {
    if (pipe.decl === undefined) {
      emit(this.#param(this.#pipeline(pipe)));
      return;
    }
    const names = pipe.decl.names;
    if (pipe.decl.assign || names.length !== 1) {
      this.#note(pipe.pos, 'assignment in a condition', 'declare or assign the variable in its own action before the block');
      emit('false');
      return;
    }
    const name = names[0] as string;
    const value = this.#param(this.#pipeline({ commands: pipe.commands, pos: pipe.pos }));
    const v = this.#declare(name);
    this.out.tag(`{{#let ${v.cell ? `(cell ${value})` : value} as |${v.hb}|}}`);
    const scope = new Scope(this.#scope);
    scope.vars.set(name, v);
    this.#scope = scope;
    emit(v.cell ? `${v.hb}.value` : v.hb);
    this.#scope = scope.parent as Scope;
    this.out.tag('{{/let}}');
  }

  #range(node: Extract<Node, { kind: 'range' }>): void {
    const decl = node.pipe.decl;
    const list = this.#param(this.#pipeline({ commands: node.pipe.commands, pos: node.pipe.pos }));
    const params = new Map<string, Variable>();
    const cells: { name: string; from: string }[] = [];
    let as = '';
    if (decl !== undefined) {
      if (decl.assign || decl.names.length > 2) {
        this.#note(node.pos, 'range assignment', 'use {{range $v := …}} or {{range $i, $v := …}}');
      } else {
        // Go: one variable is the element; two are key/index and element. Handlebars: |element key|.
        const names = decl.names.length === 1 ? [decl.names[0] as string] : [decl.names[1] as string, decl.names[0] as string];
        const hbNames = names.map((name) => {
          if (this.#assigned.has(name)) {
            const from = hbName(`${name}_item`);
            cells.push({ name, from });
            return from;
          }
          const v = { hb: hbName(name), cell: false };
          params.set(name, v);
          return v.hb;
        });
        as = ` as |${hbNames.join(' ')}|`;
      }
    }
    this.out.tag(`{{#each ${list}${as}}}`);
    this.#movedDot(() => this.#block(node.body, params, cells));
    if (node.orElse !== undefined) {
      this.out.tag('{{else}}');
      this.#block(node.orElse);
    }
    this.out.tag('{{/each}}');
  }

  #comment(value: string, pos: Position): void {
    if (!value.includes('--}}')) this.out.tag(`{{!--${value}--}}`);
    else if (!value.includes('}}')) this.out.tag(`{{!${value}}}`);
    else this.#note(pos, 'comment', 'this comment contains "--}}" and was left out; copy it by hand if you need it');
  }

  #print(pipe: Pipeline): void {
    const decl = pipe.decl;
    if (decl === undefined) {
      this.out.tag(this.#mustache(this.#pipeline(pipe)));
      return;
    }
    const value = this.#param(this.#pipeline({ commands: pipe.commands, pos: pipe.pos }));
    const name = decl.names[0] as string;
    if (decl.names.length !== 1) {
      this.#note(pipe.pos, 'declaration of two variables', 'only {{range}} declares two variables');
      return;
    }
    if (decl.assign) {
      const v = this.#scope.find(name);
      if (v === undefined) this.#note(pipe.pos, `assignment to undeclared $${name}`, 'declare it with := first');
      else if (!v.cell)
        this.#note(pipe.pos, `assignment to $${name}`, 'range variables cannot be assigned; use a variable declared with :=');
      else this.out.tag(`{{setVar ${v.hb} ${value}}}`);
      return;
    }
    const v = this.#declare(name);
    this.out.tag(`{{#let ${v.cell ? `(cell ${value})` : value} as |${v.hb}|}}`);
    this.#scope.vars.set(name, v);
    this.#scope.closes.push('{{/let}}');
  }

  #declare(name: string): Variable {
    return { hb: hbName(name), cell: this.#assigned.has(name) };
  }

  #pipeline(pipe: Pipeline): Expr {
    if (pipe.decl !== undefined) {
      this.#note(pipe.pos, 'declaration inside parentheses', 'declare the variable in its own action');
    }
    let result: Expr | undefined;
    for (const cmd of pipe.commands) result = this.#command(cmd, result);
    return result as Expr;
  }

  #command(cmd: Command, piped: Expr | undefined): Expr {
    const [head, ...rest] = cmd.operands as [Operand, ...Operand[]];
    if (head.term.kind === 'function' && head.fields.length > 0 && (rest.length > 0 || piped !== undefined)) {
      this.#note(cmd.pos, 'method call', 'Go methods (like datetime.Format) have no Handlebars equivalent; use a helper');
      return { call: false, text: '""', literal: true };
    }
    if (head.term.kind === 'function' && head.fields.length === 0) {
      const name = head.term.name;
      if (!GO_FUNCTIONS.has(name)) {
        const todo =
          name === 'call'
            ? 'confetti has no function values; compute the value with helpers'
            : 'confetti has no such function; rewrite this with the helpers in the README';
        this.#note(head.term.pos, `function ${name}`, todo);
        return { call: false, text: '""', literal: true };
      }
      const args = rest.map((op) => this.#param(this.#operand(op)));
      if (piped !== undefined) args.push(this.#param(piped));
      return { call: true, name, args };
    }
    if (rest.length > 0 || piped !== undefined) {
      this.#note(cmd.pos, 'method call', 'Go methods (like .Format on a time) have no Handlebars equivalent; use a helper');
      return { call: false, text: '""', literal: true };
    }
    return this.#operand(head);
  }

  #operand(op: Operand): Expr {
    const term = op.term;
    let base: Expr;
    switch (term.kind) {
      case 'dot':
        base = { call: false, text: 'this', literal: false };
        break;
      case 'field':
        return { call: false, text: ['this', ...term.names.map(fieldName)].join('.'), literal: false };
      case 'variable': {
        if (term.name === '') {
          base = this.#root(term.pos, op.fields.length > 0);
          break;
        }
        const v = this.#scope.find(term.name);
        if (v === undefined) {
          this.#note(term.pos, `undefined variable $${term.name}`, 'declare it before use');
          return { call: false, text: '""', literal: true };
        }
        base = { call: false, text: v.cell ? `${v.hb}.value` : v.hb, literal: false };
        break;
      }
      case 'function':
        // A function name as an argument is called without arguments.
        if (!GO_FUNCTIONS.has(term.name)) {
          this.#note(term.pos, `function ${term.name}`, 'confetti has no such function; rewrite this with the helpers in the README');
          return { call: false, text: '""', literal: true };
        }
        base = { call: true, name: term.name, args: [] };
        break;
      case 'string':
        return { call: false, text: hbString(term.value), literal: true };
      case 'number':
        return { call: false, text: this.#number(term.value, term.pos), literal: true };
      case 'bool':
        return { call: false, text: String(term.value), literal: true };
      case 'nil':
        return { call: false, text: 'null', literal: true };
      case 'pipeline':
        base = this.#pipeline(term.pipe);
        break;
    }
    if (op.fields.length === 0) return base;
    if (!base.call && !base.literal) return { call: false, text: [base.text, ...op.fields.map(fieldName)].join('.'), literal: false };
    // Handlebars has no field access on a sub-expression: (json .Value).port is (lookup (json this.value) "port").
    let expr = base;
    for (const field of op.fields) expr = { call: true, name: 'lookup', args: [this.#param(expr), hbString(fieldName(field))] };
    return expr;
  }

  // confd executes templates with nil data, so `$` is nil (printed "<no value>"); in a {{define}} it is the
  // partial's context, which Handlebars names `this` only where no range or with moved the dot.
  #root(pos: Position, withFields: boolean): Expr {
    if (this.#defineDepth === 0) return { call: false, text: 'this', literal: false };
    if (this.#defineDepth !== undefined)
      this.#note(
        pos,
        '$ inside a range or with of a define',
        'pass the value you need to the partial, or save it in a variable before the block',
      );
    else if (withFields) this.#note(pos, '$ with a field', 'confd renders with no data, so $ is nil: Go fails here; remove it');
    return { call: false, text: 'null', literal: false };
  }

  #number(value: number, pos: Position): string {
    if (Number.isInteger(value) && Number.isSafeInteger(value)) return String(value);
    const text = String(value);
    if (/^-?\d+\.\d+$/.test(text)) return text;
    this.#note(pos, `number ${text}`, 'write this number in plain decimal notation');
    return '0';
  }

  #param(e: Expr): string {
    if (!e.call) return e.text;
    return e.args.length === 0 ? `(${e.name})` : `(${e.name} ${e.args.join(' ')})`;
  }

  #mustache(e: Expr): string {
    if (e.call) return e.args.length === 0 ? `{{${e.name}}}` : `{{${e.name} ${e.args.join(' ')}}}`;
    // {{"text"}} would be a lookup in Handlebars: print literals through print.
    return e.literal ? `{{print ${e.text}}}` : `{{${e.text}}}`;
  }

  #note(pos: Position, construct: string, todo: string): void {
    this.notes.push({ line: pos.line, column: pos.column, construct, todo });
    this.out.tag(`{{!-- ${CONVERT_MARK} ${pos.line}:${pos.column}: ${construct.replace(/--|}}/g, '')} — ${todo} --}}`);
  }
}

function fieldName(name: string): string {
  return FIELD_NAMES[name] ?? name;
}

function hbName(goName: string): string {
  let name = goName;
  while (RESERVED.has(name)) name += '_';
  return name;
}

/** Names some action assigns with `=` (not `:=`), anywhere in these nodes. */
function assignedNames(nodes: Node[], out = new Set<string>()): Set<string> {
  for (const node of nodes) {
    if ('pipe' in node && node.pipe?.decl?.assign === true) for (const name of node.pipe.decl.names) out.add(name);
    if ('body' in node) assignedNames(node.body, out);
    if ('orElse' in node && node.orElse) assignedNames(node.orElse, out);
  }
  return out;
}

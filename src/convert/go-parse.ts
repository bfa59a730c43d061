// Builds a tree from scanned Go template segments: the actions text/template knows (if/else if/else, range, with,
// define, template, block, break, continue, end) and pipelines of commands (text/template/parse/parse.go).
import type { Position, Segment, Token } from './go-scan.js';
import { GoSyntaxError, scanTemplate } from './go-scan.js';

export type Term =
  | { kind: 'dot'; pos: Position }
  | { kind: 'field'; names: string[]; pos: Position } // .A.B on dot
  | { kind: 'variable'; name: string; pos: Position } // "$" is the root
  | { kind: 'function'; name: string; pos: Position }
  | { kind: 'string'; value: string; pos: Position }
  | { kind: 'number'; text: string; value: number; pos: Position }
  | { kind: 'bool'; value: boolean; pos: Position }
  | { kind: 'nil'; pos: Position }
  | { kind: 'pipeline'; pipe: Pipeline; pos: Position };

/** A term followed by field names (`$x.a.b`, `(…).a`). */
export interface Operand {
  term: Term;
  fields: string[];
}

export interface Command {
  operands: Operand[];
  pos: Position;
}

export interface Pipeline {
  /** `$a :=` / `$a, $b :=` (declare) or `$a =` (assign). */
  decl?: { names: string[]; assign: boolean };
  commands: Command[];
  pos: Position;
}

export type Node =
  | { kind: 'text'; value: string; trimStart: boolean; trimEnd: boolean; pos: Position }
  | { kind: 'comment'; value: string; pos: Position }
  | { kind: 'print'; pipe: Pipeline; pos: Position }
  | { kind: 'if'; pipe: Pipeline; body: Node[]; orElse?: Node[]; elseIf?: boolean; pos: Position }
  | { kind: 'range'; pipe: Pipeline; body: Node[]; orElse?: Node[]; pos: Position }
  | { kind: 'with'; pipe: Pipeline; body: Node[]; orElse?: Node[]; pos: Position }
  | { kind: 'define'; name: string; body: Node[]; pos: Position }
  | { kind: 'template'; name: string; pipe?: Pipeline; pos: Position }
  | { kind: 'block'; name: string; pipe: Pipeline; body: Node[]; pos: Position }
  | { kind: 'break' | 'continue'; pos: Position };

/** An open block; after {{else if}} the inner {{if}} takes its outer's place, so one {{end}} closes the chain. */
type Frame = { node: Extract<Node, { body: Node[] }>; list: Node[]; inElse: boolean };

/** Parse a Go template into its top-level nodes. Throws GoSyntaxError with the position. */
export function parseTemplate(source: string): Node[] {
  const root: Node[] = [];
  const stack: Frame[] = [];
  const current = (): Node[] => (stack.length === 0 ? root : (stack[stack.length - 1] as Frame).list);
  for (const seg of scanTemplate(source)) {
    if (seg.kind !== 'action') {
      current().push(seg);
      continue;
    }
    const tokens = seg.tokens.filter((t) => t.kind !== 'space');
    handleAction(seg, tokens, stack, current);
  }
  const open = stack[stack.length - 1];
  if (open) throw new GoSyntaxError(`unexpected EOF: {{${open.node.kind}}} has no {{end}}`, open.node.pos);
  return root;
}

function handleAction(seg: Extract<Segment, { kind: 'action' }>, tokens: Token[], stack: Frame[], current: () => Node[]): void {
  const first = tokens[0];
  const pos = seg.pos;
  if (first === undefined) throw new GoSyntaxError('missing value for command', pos);
  if (first.kind !== 'keyword') {
    current().push({ kind: 'print', pipe: parsePipeline(tokens, pos, true), pos });
    return;
  }
  const rest = tokens.slice(1);
  switch (first.text) {
    case 'if':
    case 'range':
    case 'with': {
      const node = { kind: first.text, pipe: parsePipeline(rest, pos, true), body: [] as Node[], pos } as Extract<
        Node,
        { kind: 'if' | 'range' | 'with' }
      >;
      current().push(node);
      stack.push({ node, list: node.body, inElse: false });
      return;
    }
    case 'else': {
      const frame = stack[stack.length - 1];
      const node = frame?.node;
      if (!frame || !node || !(node.kind === 'if' || node.kind === 'range' || node.kind === 'with') || frame.inElse) {
        throw new GoSyntaxError('unexpected {{else}}', pos);
      }
      node.orElse = [];
      frame.inElse = true;
      frame.list = node.orElse;
      const chained = rest[0];
      if (chained?.kind === 'keyword' && (chained.text === 'if' || chained.text === 'with')) {
        if (chained.text === 'with' || node.kind !== 'if')
          throw new GoSyntaxError(`{{else ${chained.text}}} is not supported after {{${node.kind}}}`, pos);
        // {{else if x}} is {{else}}{{if x}}…{{end}}{{end}} sharing the outer {{end}}.
        const inner: Extract<Node, { kind: 'if' }> = {
          kind: 'if',
          pipe: parsePipeline(rest.slice(1), pos, true),
          body: [],
          pos,
          elseIf: true,
        };
        node.orElse.push(inner);
        stack.pop();
        stack.push({ node: inner, list: inner.body, inElse: false });
      } else if (rest.length > 0) throw new GoSyntaxError('unexpected tokens after {{else}}', pos);
      return;
    }
    case 'end': {
      if (rest.length > 0) throw new GoSyntaxError('unexpected tokens after {{end}}', pos);
      const frame = stack.pop();
      if (!frame) throw new GoSyntaxError('unexpected {{end}}', pos);
      return;
    }
    case 'define':
    case 'block': {
      const name = rest[0];
      if (name?.kind !== 'string') throw new GoSyntaxError(`{{${first.text}}} needs a quoted name`, pos);
      if (first.text === 'define') {
        if (stack.length > 0 || rest.length !== 1) throw new GoSyntaxError('{{define}} must be at the top level and take only a name', pos);
        const node: Extract<Node, { kind: 'define' }> = { kind: 'define', name: String(name.value), body: [], pos };
        current().push(node);
        stack.push({ node, list: node.body, inElse: false });
      } else {
        const node: Extract<Node, { kind: 'block' }> = {
          kind: 'block',
          name: String(name.value),
          pipe: parsePipeline(rest.slice(1), pos, false),
          body: [],
          pos,
        };
        current().push(node);
        stack.push({ node, list: node.body, inElse: false });
      }
      return;
    }
    case 'template': {
      const name = rest[0];
      if (name?.kind !== 'string') throw new GoSyntaxError('{{template}} needs a quoted name', pos);
      const args = rest.slice(1);
      current().push({
        kind: 'template',
        name: String(name.value),
        ...(args.length > 0 ? { pipe: parsePipeline(args, pos, false) } : {}),
        pos,
      });
      return;
    }
    case 'break':
    case 'continue':
      current().push({ kind: first.text, pos });
      return;
    default:
      throw new GoSyntaxError(`unexpected keyword ${first.text}`, pos);
  }
}

/** Parse the tokens of one pipeline (an action's or a parenthesized one). */
export function parsePipeline(tokens: Token[], pos: Position, allowDecl: boolean): Pipeline {
  let i = 0;
  const pipe: Pipeline = { commands: [], pos };
  // Declarations: $x := / $x = / $i, $v :=
  const declEnd = tokens.findIndex((t) => t.kind === 'declare' || t.kind === 'assign');
  if (declEnd > 0 && tokens.slice(0, declEnd).every((t) => t.kind === 'variable' || t.kind === 'comma')) {
    if (!allowDecl) throw new GoSyntaxError('a declaration is not allowed here', pos);
    const names = tokens
      .slice(0, declEnd)
      .filter((t) => t.kind === 'variable')
      .map((t) => t.text.slice(1));
    pipe.decl = { names, assign: (tokens[declEnd] as Token).kind === 'assign' };
    i = declEnd + 1;
  }
  let operands: Operand[] = [];
  let cmdPos = tokens[i]?.pos ?? pos;
  const endCommand = (): void => {
    if (operands.length === 0) throw new GoSyntaxError('missing value for command', cmdPos);
    pipe.commands.push({ operands, pos: cmdPos });
    operands = [];
  };
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    if (t.kind === 'pipe') {
      endCommand();
      i++;
      cmdPos = tokens[i]?.pos ?? t.pos;
      continue;
    }
    const { operand, next } = parseOperand(tokens, i);
    operands.push(operand);
    i = next;
  }
  endCommand();
  return pipe;
}

function parseOperand(tokens: Token[], start: number): { operand: Operand; next: number } {
  const t = tokens[start] as Token;
  let term: Term;
  let i = start + 1;
  switch (t.kind) {
    case 'dot':
      term = { kind: 'dot', pos: t.pos };
      break;
    case 'field': {
      const names = [t.text.slice(1)];
      while (tokens[i]?.kind === 'field' && adjacent(tokens[i - 1] as Token, tokens[i] as Token))
        names.push((tokens[i++] as Token).text.slice(1));
      return { operand: { term: { kind: 'field', names, pos: t.pos }, fields: [] }, next: i };
    }
    case 'variable':
      term = { kind: 'variable', name: t.text.slice(1), pos: t.pos };
      break;
    case 'identifier':
      term = { kind: 'function', name: t.text, pos: t.pos };
      break;
    case 'string':
      term = { kind: 'string', value: String(t.value), pos: t.pos };
      break;
    case 'char':
      term = { kind: 'number', text: t.text, value: Number(t.value), pos: t.pos };
      break;
    case 'number':
      term = { kind: 'number', text: t.text, value: goNumber(t), pos: t.pos };
      break;
    case 'bool':
      term = { kind: 'bool', value: t.text === 'true', pos: t.pos };
      break;
    case 'nil':
      term = { kind: 'nil', pos: t.pos };
      break;
    case 'lparen': {
      let depth = 1;
      let j = i;
      while (j < tokens.length && depth > 0) {
        const k = (tokens[j] as Token).kind;
        if (k === 'lparen') depth++;
        else if (k === 'rparen') depth--;
        j++;
      }
      if (depth !== 0) throw new GoSyntaxError('unclosed left paren', t.pos);
      term = { kind: 'pipeline', pipe: parsePipeline(tokens.slice(i, j - 1), t.pos, false), pos: t.pos };
      i = j;
      break;
    }
    default:
      throw new GoSyntaxError(`unexpected ${JSON.stringify(t.text)} in command`, t.pos);
  }
  const fields: string[] = [];
  while (tokens[i]?.kind === 'field' && adjacent(tokens[i - 1] as Token, tokens[i] as Token))
    fields.push((tokens[i++] as Token).text.slice(1));
  if (fields.length > 0 && (term.kind === 'string' || term.kind === 'number' || term.kind === 'bool' || term.kind === 'nil')) {
    throw new GoSyntaxError(`unexpected . after term ${JSON.stringify(t.text)}`, t.pos);
  }
  return { operand: { term, fields }, next: i };
}

// Fields chain only when written without spaces (`$x.a`, not `$x .a`); spaces were filtered out, so compare positions.
function adjacent(a: Token, b: Token): boolean {
  return a.pos.line === b.pos.line && a.pos.column + a.text.length === b.pos.column;
}

function goNumber(t: Token): number {
  let text = t.text.replace(/_/g, '');
  if (text.endsWith('i')) throw new GoSyntaxError(`complex numbers are not supported: ${t.text}`, t.pos);
  const negative = text.startsWith('-');
  if (text.startsWith('+') || negative) text = text.slice(1);
  let value: number;
  if (/^0[xX]/.test(text) && !/[.pP]/.test(text)) value = parseInt(text.slice(2), 16);
  else if (/^0[bB]/.test(text)) value = parseInt(text.slice(2), 2);
  else if (/^0[oO]/.test(text)) value = parseInt(text.slice(2), 8);
  else if (/^0\d+$/.test(text)) value = parseInt(text, 8);
  else value = Number(text);
  if (!Number.isFinite(value)) throw new GoSyntaxError(`bad number syntax: ${t.text}`, t.pos);
  return negative ? -value : value;
}

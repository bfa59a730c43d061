// Splits a Go text/template source into text and actions, and an action into tokens, following Go's lexer
// (text/template/parse/lex.go). `{{- ` and ` -}}` trim the adjacent text's spaces, tabs, CRs and newlines: the text
// keeps them and says which of its ends Go trims; `{{/* … */}}` is a comment.

export interface Position {
  line: number;
  column: number;
}

export type Segment =
  | { kind: 'text'; value: string; trimStart: boolean; trimEnd: boolean; pos: Position }
  | { kind: 'comment'; value: string; pos: Position }
  | { kind: 'action'; tokens: Token[]; pos: Position };

export type TokenKind =
  | 'pipe' // |
  | 'lparen'
  | 'rparen'
  | 'declare' // :=
  | 'assign' // =
  | 'comma'
  | 'string'
  | 'number'
  | 'char'
  | 'bool'
  | 'nil'
  | 'dot' // .
  | 'field' // .Name
  | 'variable' // $name or $
  | 'identifier'
  | 'keyword'
  | 'space';

export interface Token {
  kind: TokenKind;
  /** Source text of the token. */
  text: string;
  /** Decoded value of strings and chars; the number's value. */
  value?: string | number;
  pos: Position;
}

/** A scan or parse failure: the template is not valid Go template syntax. */
export class GoSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: Position,
  ) {
    super(message);
  }
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

class Locator {
  readonly #starts: number[] = [0];
  constructor(source: string) {
    for (let i = 0; i < source.length; i++) if (source[i] === '\n') this.#starts.push(i + 1);
  }
  at(offset: number): Position {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.#starts[lo] as number) + 1 };
  }
}

/** Scan a whole template into segments (text already trimmed by the trim markers). */
export function scanTemplate(source: string): Segment[] {
  const at = new Locator(source);
  const out: Segment[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos < source.length) {
    const open = source.indexOf('{{', pos);
    const end = open === -1 ? source.length : open;
    const text = source.slice(pos, end);
    const textPos = at.at(pos);
    const trimStart = trimNext;
    trimNext = false;
    if (open === -1) {
      if (text !== '') out.push({ kind: 'text', value: text, trimStart, trimEnd: false, pos: textPos });
      break;
    }
    let inner = open + 2;
    const trimLeft = source[inner] === '-' && isSpace(source[inner + 1]);
    if (trimLeft) inner += 2;
    if (text !== '') out.push({ kind: 'text', value: text, trimStart, trimEnd: trimLeft, pos: textPos });
    const actionPos = at.at(open);
    // A comment starts right after the delimiter (and its trim marker's space).
    const commentStart = trimLeft ? skipSpace(source, inner) : inner;
    if (source.startsWith('/*', commentStart)) {
      const close = source.indexOf('*/', commentStart + 2);
      if (close === -1) throw new GoSyntaxError('unclosed comment', actionPos);
      const after = close + 2;
      let next: number;
      if (source.startsWith('}}', after)) next = after + 2;
      else if (isSpace(source[after]) && source.startsWith('-}}', skipSpace(source, after))) {
        next = skipSpace(source, after) + 3;
        trimNext = true;
      } else throw new GoSyntaxError('comment ends before closing delimiter', actionPos);
      out.push({ kind: 'comment', value: source.slice(commentStart + 2, close), pos: actionPos });
      pos = next;
      continue;
    }
    const { tokens, next, trimRight } = scanAction(source, inner, at);
    out.push({ kind: 'action', tokens, pos: actionPos });
    trimNext = trimRight;
    pos = next;
  }
  return out;
}

function skipSpace(source: string, i: number): number {
  while (isSpace(source[i])) i++;
  return i;
}

const NUMBER =
  /^[+-]?(?:0[xX][0-9a-fA-F_]+(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?\d+)?|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)i?/;
const IDENT = /^[\p{L}_][\p{L}\p{Nd}_]*/u;

function scanAction(source: string, start: number, at: Locator): { tokens: Token[]; next: number; trimRight: boolean } {
  const tokens: Token[] = [];
  let i = start;
  let depth = 0;
  for (;;) {
    if (i >= source.length) throw new GoSyntaxError('unclosed action', at.at(start - 2));
    const c = source[i] as string;
    const pos = at.at(i);
    if (isSpace(c)) {
      const j = skipSpace(source, i);
      if (source.startsWith('-}}', j)) return { tokens, next: j + 3, trimRight: true };
      tokens.push({ kind: 'space', text: source.slice(i, j), pos });
      i = j;
      continue;
    }
    if (source.startsWith('}}', i)) {
      if (depth > 0) throw new GoSyntaxError('unclosed left paren', pos);
      return { tokens, next: i + 2, trimRight: false };
    }
    const one = (kind: TokenKind, len = 1): void => {
      tokens.push({ kind, text: source.slice(i, i + len), pos });
      i += len;
    };
    if (c === '|') one('pipe');
    else if (c === '(') {
      depth++;
      one('lparen');
    } else if (c === ')') {
      if (--depth < 0) throw new GoSyntaxError('unexpected right paren', pos);
      one('rparen');
    } else if (c === ':' && source[i + 1] === '=') one('declare', 2);
    else if (c === '=') one('assign');
    else if (c === ',') one('comma');
    else if (c === '"') {
      const j = endOfQuoted(source, i, '"', pos);
      tokens.push({ kind: 'string', text: source.slice(i, j), value: decodeGoString(source.slice(i + 1, j - 1), pos), pos });
      i = j;
    } else if (c === '`') {
      const j = source.indexOf('`', i + 1);
      if (j === -1) throw new GoSyntaxError('unterminated raw quoted string', pos);
      tokens.push({ kind: 'string', text: source.slice(i, j + 1), value: source.slice(i + 1, j).replace(/\r/g, ''), pos });
      i = j + 1;
    } else if (c === "'") {
      const j = endOfQuoted(source, i, "'", pos);
      const decoded = decodeGoString(source.slice(i + 1, j - 1), pos);
      const chars = [...decoded];
      if (chars.length !== 1) throw new GoSyntaxError(`malformed character constant: ${source.slice(i, j)}`, pos);
      tokens.push({ kind: 'char', text: source.slice(i, j), value: (chars[0] as string).codePointAt(0), pos });
      i = j;
    } else if (c === '$') {
      const m = IDENT.exec(source.slice(i + 1));
      const name = m ? m[0] : '';
      tokens.push({ kind: 'variable', text: '$' + name, pos });
      i += 1 + name.length;
    } else if (c === '.' && !/\d/.test(source[i + 1] ?? '')) {
      const m = IDENT.exec(source.slice(i + 1));
      if (m) {
        tokens.push({ kind: 'field', text: '.' + m[0], pos });
        i += 1 + m[0].length;
      } else one('dot');
    } else if (/[\d+\-.]/.test(c)) {
      const m = NUMBER.exec(source.slice(i));
      if (!m) throw new GoSyntaxError(`bad number syntax: ${source.slice(i, i + 10)}`, pos);
      tokens.push({ kind: 'number', text: m[0], pos });
      i += m[0].length;
    } else {
      const m = IDENT.exec(source.slice(i));
      if (!m) throw new GoSyntaxError(`unrecognized character in action: ${JSON.stringify(c)}`, pos);
      const word = m[0];
      const kind: TokenKind =
        word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : KEYWORDS.has(word) ? 'keyword' : 'identifier';
      tokens.push({ kind, text: word, pos });
      i += word.length;
    }
  }
}

function endOfQuoted(source: string, start: number, quote: string, pos: Position): number {
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === '\n') break;
    else if (c === quote) return i + 1;
    else i++;
  }
  throw new GoSyntaxError(quote === '"' ? 'unterminated quoted string' : 'unterminated character constant', pos);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Go's interpreted string literal body (strconv.Unquote): \xHH and \ooo are bytes, the result is read as UTF-8. */
export function decodeGoString(body: string, pos: Position): string {
  const bytes: number[] = [];
  const push = (text: string): void => {
    for (const b of Buffer.from(text, 'utf8')) bytes.push(b);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      push(c);
      continue;
    }
    const e = body[++i] ?? '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) push(simple);
    else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new GoSyntaxError(`invalid escape \\${e}${hex}`, pos);
      if (e === 'x') bytes.push(parseInt(hex, 16));
      else push(String.fromCodePoint(parseInt(hex, 16)));
      i += len;
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new GoSyntaxError(`invalid escape \\${oct}`, pos);
      bytes.push(parseInt(oct, 8) & 0xff);
      i += 2;
    } else throw new GoSyntaxError(`unknown escape sequence \\${e}`, pos);
  }
  return Buffer.from(bytes).toString('utf8');
}

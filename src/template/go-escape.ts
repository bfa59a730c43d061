// Go's quoting and escaping, byte for byte: strconv.Quote/QuoteRune (printf %q), and text/template's html, js and
// urlquery (template.HTMLEscapeString, JSEscapeString, url.QueryEscape).

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(char: string): boolean {
  return PRINTABLE.test(char);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** strconv's appendEscapedRune; a lone surrogate stands for Go's invalid UTF-8 and becomes \ufffd. */
function escapeRune(char: string, quote: string, asciiOnly: boolean): string {
  if (char === quote || char === '\\') return `\\${char}`;
  const code = char.codePointAt(0) as number;
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  if (!surrogate && (asciiOnly ? code < 0x80 : true) && isPrint(char)) return char;
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) return short;
  if (code < 0x20 || code === 0x7f) return `\\x${hex(code, 2)}`;
  if (surrogate) return '\\ufffd';
  return code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
}

/** strconv.Quote (asciiOnly: QuoteToASCII). */
export function quote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const char of s) out += escapeRune(char, '"', asciiOnly);
  return `${out}"`;
}

/** strconv.QuoteRune (asciiOnly: QuoteRuneToASCII). */
export function quoteRune(char: string, asciiOnly = false): string {
  return `'${escapeRune(char, "'", asciiOnly)}'`;
}

/** strconv.CanBackquote: printable on one line, no backquote, no BOM. */
export function canBackquote(s: string): boolean {
  for (const char of s) {
    const code = char.codePointAt(0) as number;
    if (char === '`' || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff)) return false;
    if ((code < 0x20 && char !== '\t') || code === 0x7f) return false;
  }
  return true;
}

const HTML: Readonly<Record<string, string>> = { '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;', '\0': '\uFFFD' };

/** template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/["'&<>\0]/g, (c) => HTML[c] as string);
}

const JS: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};

/** template.JSEscapeString: quotes and markup escaped, controls and unprintable runes as \uXXXX (upper-case hex). */
export function jsEscape(s: string): string {
  let out = '';
  for (const char of s) {
    const code = char.codePointAt(0) as number;
    const fixed = JS[char];
    if (fixed !== undefined) out += fixed;
    else if (code < 0x20 || (code >= 0x80 && !isPrint(char))) out += `\\u${hex(code, 4).toUpperCase()}`;
    else out += char;
  }
  return out;
}

/** url.QueryEscape: UTF-8 bytes, unreserved characters kept, space as "+", the rest %XX. */
export function queryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${hex(byte, 2).toUpperCase()}`;
  }
  return out;
}

// Go's fmt.Sprintf (a port of fmt/print.go and fmt/format.go) for the values templates meet. One deliberate
// difference: what Go would write as %!d(string=…), %!(EXTRA …) or %!s(MISSING) is an error naming the argument's
// position and type, never its value (values may be secrets).
import { formatFloat, type FloatFormat, GoFloat } from './go-float.js';
import { canBackquote, isPrint, quote, quoteRune } from './go-escape.js';
import { isKeyValueEntry, isPlainObject, walkGoValue } from './go-format.js';
import { HelperInputError } from './helper-context.js';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  wid: number | undefined;
  prec: number | undefined;
}

/** Widths and precisions above this are refused, as Go does (and a template cannot ask for a gigabyte of spaces). */
const MAX_WIDTH = 1e6;
const MAX_RUNE = 0x10ffff;
const INTEGER = /^[+-]?\d+$/;
// strconv.ParseFloat's decimal forms (hex floats, underscores and Inf/NaN left out).
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Go's name for a value's type, for error messages. */
export function goTypeName(value: unknown): string {
  if (value === null) return 'nil';
  if (value instanceof GoFloat) return 'a float64';
  if (value === undefined) return 'a missing value';
  if (Array.isArray(value)) return 'an array';
  if (isKeyValueEntry(value)) return 'a {key, value} entry';
  if (isPlainObject(value)) return 'a map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an int' : 'a float64';
  if (typeof value === 'boolean') return 'a bool';
  return typeof value === 'string' ? 'a string' : 'an object';
}

function padding(n: number, f: Flags): string {
  return n > 0 ? (f.zero ? '0' : ' ').repeat(n) : '';
}

/** fmt.pad: width counts runes; zeros only when the 0 flag is set (strings too, as in Go). */
function pad(s: string, f: Flags): string {
  if (f.wid === undefined || f.wid === 0) return s;
  const fill = padding(f.wid - [...s].length, f);
  return f.minus ? s + fill : fill + s;
}

function padSpaces(s: string, f: Flags): string {
  return pad(s, { ...f, zero: false });
}

function formatInteger(n: bigint, verb: string, f: Flags): string {
  const base = verb === 'b' ? 2 : verb === 'o' || verb === 'O' ? 8 : verb === 'x' || verb === 'X' ? 16 : 10;
  const negative = n < 0n;
  const u = negative ? -n : n;
  let prec = 0;
  if (f.prec !== undefined) {
    // Precision 0 and value 0 print nothing but padding.
    if (f.prec === 0 && u === 0n) return padding(f.wid ?? 0, { ...f, zero: false });
    prec = f.prec;
  } else if (f.zero && f.wid !== undefined) {
    prec = negative || f.plus || f.space ? f.wid - 1 : f.wid;
  }
  let s = u.toString(base).padStart(prec, '0');
  if (verb === 'X') s = s.toUpperCase();
  if (f.sharp && base === 2) s = `0b${s}`;
  if (f.sharp && base === 8 && !s.startsWith('0')) s = `0${s}`;
  if (f.sharp && base === 16) s = `0${verb === 'X' ? 'X' : 'x'}${s}`;
  if (verb === 'O') s = `0o${s}`;
  const sign = negative ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return padSpaces(sign + s, f);
}

function runeOf(n: bigint): string {
  const code = n < 0n || n > BigInt(MAX_RUNE) ? 0xfffd : Number(n);
  return String.fromCodePoint(code >= 0xd800 && code <= 0xdfff ? 0xfffd : code);
}

function formatUnicode(n: bigint, f: Flags): string {
  const u = BigInt.asUintN(64, n);
  let s = `U+${u
    .toString(16)
    .toUpperCase()
    .padStart(f.prec !== undefined && f.prec > 4 ? f.prec : 4, '0')}`;
  if (f.sharp && u <= BigInt(MAX_RUNE) && isPrint(String.fromCodePoint(Number(u)))) s += ` '${String.fromCodePoint(Number(u))}'`;
  return padSpaces(s, f);
}

function formatIntegerVerb(n: bigint, verb: string, f: Flags): string {
  if (verb === 'c') return pad(runeOf(n), f);
  if (verb === 'q') return pad(quoteRune(runeOf(n), f.plus), f);
  if (verb === 'U') return formatUnicode(n, f);
  return formatInteger(n, verb, f);
}

/** fmt's fmtFloat: sign handling, %#g's kept zeros, and zero padding after the sign. */
function formatFloatVerb(x: number, verb: string, f: Flags): string {
  const fmt = (verb === 'v' ? 'g' : verb === 'F' ? 'f' : verb) as FloatFormat;
  const prec = f.prec ?? (verb === 'v' || verb === 'g' || verb === 'G' ? -1 : 6);
  let num = formatFloat(x, fmt, prec);
  num = num.startsWith('-') || num.startsWith('+') ? num : `+${num}`;
  if (f.space && num.startsWith('+') && !f.plus) num = ` ${num.slice(1)}`;
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
    return padSpaces(num, f);
  }
  if (f.sharp) num = keepTrailingZeros(num, fmt, prec);
  if (f.plus || !num.startsWith('+')) {
    if (f.zero && f.wid !== undefined && f.wid > num.length) return (num[0] as string) + padding(f.wid - num.length, f) + num.slice(1);
    return pad(num, f);
  }
  return pad(num.slice(1), f);
}

/** The # flag: always a decimal point, and %g keeps its trailing zeros (format.go's sharp branch). */
function keepTrailingZeros(num: string, fmt: FloatFormat, prec: number): string {
  let digits = fmt === 'g' || fmt === 'G' ? (prec === -1 ? 6 : prec) : 0;
  const e = num.search(/[eE]/);
  const tail = e === -1 ? '' : num.slice(e);
  let body = e === -1 ? num : num.slice(0, e);
  let sawNonZero = false;
  for (const c of body.slice(1)) {
    if (c === '.') continue;
    if (c !== '0') sawNonZero = true;
    if (sawNonZero) digits--;
  }
  if (!body.includes('.')) {
    if (body.length === 2 && body[1] === '0') digits--;
    body += '.';
  }
  return body + '0'.repeat(Math.max(digits, 0)) + tail;
}

function formatString(s: string, verb: string, f: Flags): string {
  const text = f.prec === undefined ? s : [...s].slice(0, f.prec).join('');
  if (verb === 'q') return pad(f.sharp && canBackquote(text) ? `\`${text}\`` : quote(text, f.plus), f);
  return pad(text, f);
}

/** fmtSbx: the string's UTF-8 bytes in hex; ' ' separates bytes, '#' adds 0x. */
function formatHexBytes(s: string, verb: string, f: Flags): string {
  let bytes = Buffer.from(s, 'utf8');
  if (f.prec !== undefined && f.prec < bytes.length) bytes = bytes.subarray(0, f.prec);
  if (bytes.length === 0) return padding(f.wid ?? 0, f);
  const prefix = f.sharp ? `0${verb}` : '';
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).map((h) => (verb === 'X' ? h.toUpperCase() : h));
  const body = f.space ? hex.map((h) => prefix + h).join(' ') : prefix + hex.join('');
  const fill = padding((f.wid ?? 0) - body.length, f);
  return f.minus ? body + fill : fill + body;
}

const INTEGER_VERBS = new Set(['d', 'b', 'o', 'O', 'x', 'X', 'c', 'q', 'U', 'v']);
const FLOAT_VERBS = new Set(['e', 'E', 'f', 'F', 'g', 'G', 'v']);

function cannot(value: unknown, verb: string, position: number): HelperInputError {
  return new HelperInputError(`%${verb} cannot format argument ${position} (${goTypeName(value)})`);
}

function formatScalar(value: unknown, verb: string, f: Flags, position: number): string {
  if (value instanceof GoFloat) {
    if (FLOAT_VERBS.has(verb)) return formatFloatVerb(value.value, verb, f);
    throw cannot(value, verb, position);
  }
  if (typeof value === 'string') {
    if (verb === 'v' || verb === 's' || verb === 'q') return formatString(value, verb, f);
    if (verb === 'x' || verb === 'X') return formatHexBytes(value, verb, f);
    // Key values are strings: numeric verbs read them as Go's strconv would (a deliberate difference).
    if (INTEGER_VERBS.has(verb) && INTEGER.test(value)) return formatIntegerVerb(BigInt(value), verb, f);
    if (FLOAT_VERBS.has(verb) && FLOAT.test(value)) return formatFloatVerb(Number(value), verb, f);
    throw cannot(value, verb, position);
  }
  if (typeof value === 'number') {
    const isInt = Number.isInteger(value) && Math.abs(value) < 2 ** 63;
    if (isInt && INTEGER_VERBS.has(verb)) return formatIntegerVerb(BigInt(value), verb, f);
    if (FLOAT_VERBS.has(verb)) return formatFloatVerb(value, verb, f);
    throw cannot(value, verb, position);
  }
  if (typeof value === 'boolean' && (verb === 'v' || verb === 't')) return pad(String(value), f);
  if (value === null || value === undefined) {
    if (verb === 'v') return pad('<nil>', f);
    throw cannot(value, verb, position);
  }
  // A Date from datetime prints with its toString (ISO 8601), Go's time.Time would not.
  if (value instanceof Date && (verb === 'v' || verb === 's')) return pad(String(value), f);
  throw cannot(value, verb, position);
}

function formatArg(value: unknown, verb: string, f: Flags, position: number): string {
  if (verb === 'v' && f.sharp) throw new HelperInputError('%#v (Go syntax) is not supported');
  // For %v, '+' asks for struct field names (plusV), not for a sign.
  if (verb === 'v') f.plus = false;
  return walkGoValue(value, (scalar) => formatScalar(scalar, verb, f, position));
}

/** A `*` width or precision: an integer argument (or integer string), at most 1e6 in size. */
function starArg(args: readonly unknown[], index: number, what: string): number {
  if (index >= args.length) throw new HelperInputError(`the ${what} * needs argument ${index + 1}, but there are only ${args.length}`);
  const value = args[index];
  const n = typeof value === 'string' && INTEGER.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new HelperInputError(`the ${what} * needs an integer, argument ${index + 1} is ${goTypeName(value)}`);
  }
  if (Math.abs(n) > MAX_WIDTH) throw new HelperInputError(`the ${what} from argument ${index + 1} is larger than ${MAX_WIDTH}`);
  return n;
}

function literalNumber(format: string, at: number, what: string): [value: number | undefined, next: number] {
  const digits = /^\d+/.exec(format.slice(at))?.[0];
  if (digits === undefined) return [undefined, at];
  const n = Number(digits);
  if (n > MAX_WIDTH) throw new HelperInputError(`${what} ${digits} is larger than ${MAX_WIDTH}`);
  return [n, at + digits.length];
}

/** Go's fmt.Sprintf; a verb that cannot format its argument, a missing or an extra argument is an error. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argNum = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct === -1) return finish(out + format.slice(i), argNum, args.length);
    out += format.slice(i, pct);
    i = pct + 1;
    const f: Flags = { plus: false, minus: false, sharp: false, space: false, zero: false, wid: undefined, prec: undefined };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '#') f.sharp = true;
      else if (c === '0')
        f.zero = !f.minus; // only pad with zeros to the left
      else if (c === '+') f.plus = true;
      else if (c === '-') [f.minus, f.zero] = [true, false];
      else if (c === ' ') f.space = true;
      else break;
    }
    if (format[i] === '[') throw new HelperInputError(`explicit argument indexes (%[n]) are not supported, at byte ${i}`);
    if (format[i] === '*') {
      const w = starArg(args, argNum++, 'width');
      [f.wid, f.minus, f.zero] = w < 0 ? [-w, true, false] : [w, f.minus, f.zero];
      i++;
    } else {
      [f.wid, i] = literalNumber(format, i, 'width');
    }
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        const p = starArg(args, argNum++, 'precision');
        if (p < 0) throw new HelperInputError(`the precision from argument ${argNum} is negative`);
        f.prec = p;
        i++;
      } else {
        [f.prec, i] = literalNumber(format, i, 'precision');
        f.prec ??= 0;
      }
    }
    const verb = format.codePointAt(i) === undefined ? undefined : String.fromCodePoint(format.codePointAt(i) as number);
    if (verb === undefined) throw new HelperInputError('the format ends with a % that has no verb');
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!/^[vsqdboOxXcUteEfFgG]$/.test(verb)) throw new HelperInputError(`unknown verb %${verb}`);
    if (argNum >= args.length) {
      throw new HelperInputError(`%${verb} has no argument: the format needs more than the ${args.length} given`);
    }
    out += formatArg(args[argNum], verb, f, argNum + 1);
    argNum++;
  }
  return finish(out, argNum, args.length);
}

function finish(out: string, used: number, given: number): string {
  if (used < given) throw new HelperInputError(`${given} arguments given, the format uses ${used}`);
  return out;
}

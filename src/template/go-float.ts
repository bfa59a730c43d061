// Go's strconv.FormatFloat for float64 in the 'e', 'f' and 'g' formats: exact decimal expansion, round half to even.
// JavaScript's toFixed rounds exact ties up (0.5 → "1", Go "0") and gives up above 1e21, hence our own digits.

/** value = 0.digits × 10^dp; digits has no leading or trailing zeros ('' for zero). */
interface Decimal {
  digits: string;
  dp: number;
}

const VIEW = new DataView(new ArrayBuffer(8));

/** The exact decimal value of a finite, non-negative double. */
function exactDecimal(x: number): Decimal {
  VIEW.setFloat64(0, x);
  const hi = VIEW.getUint32(0);
  const bits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(VIEW.getUint32(4));
  if (bits !== 0) mant |= 1n << 52n;
  const e = bits === 0 ? -1074 : bits - 1075;
  if (mant === 0n) return { digits: '', dp: 0 };
  const text = e >= 0 ? (mant << BigInt(e)).toString() : (mant * 5n ** BigInt(-e)).toString();
  return trim({ digits: text, dp: e >= 0 ? text.length : text.length + e });
}

function trim(d: Decimal): Decimal {
  const digits = d.digits.replace(/0+$/, '');
  return digits === '' ? { digits: '', dp: 0 } : { digits, dp: d.dp };
}

/** The shortest digits that read back as x (JavaScript and Go agree on these). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 };
  const [mantissa = '', exp = '0'] = x.toExponential().split('e');
  return trim({ digits: mantissa.replace('.', ''), dp: Number(exp) + 1 });
}

/** Go's decimal.Round: keep nd digits, exact halves to even. */
function round(d: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= d.digits.length) return d;
  const next = d.digits.charCodeAt(nd) - 48;
  const up = next > 5 || (next === 5 && (nd + 1 < d.digits.length || (nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1)));
  if (!up) return trim({ digits: d.digits.slice(0, nd), dp: d.dp });
  const kept = d.digits.slice(0, nd).replace(/9+$/, '');
  if (kept === '') return { digits: '1', dp: d.dp + 1 };
  return { digits: kept.slice(0, -1) + String(Number(kept.slice(-1)) + 1), dp: d.dp };
}

function digitAt(d: Decimal, i: number): string {
  return i >= 0 && i < d.digits.length ? (d.digits[i] as string) : '0';
}

function formatE(d: Decimal, prec: number, e: 'e' | 'E'): string {
  let out = digitAt(d, 0);
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) out += digitAt(d, i);
  }
  const exp = d.digits === '' ? 0 : d.dp - 1;
  const abs = Math.abs(exp);
  return `${out}${e}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function formatF(d: Decimal, prec: number): string {
  let out = d.dp > 0 ? d.digits.slice(0, d.dp).padEnd(d.dp, '0') : '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) out += digitAt(d, d.dp + i - 1);
  }
  return out;
}

export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G';

/** strconv.FormatFloat(x, fmt, prec, 64); prec -1 is the shortest representation. */
export function formatFloat(x: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(Math.abs(x));
    const n = d.digits.length;
    prec = fmt === 'e' || fmt === 'E' ? Math.max(n - 1, 0) : fmt === 'f' ? Math.max(n - d.dp, 0) : n;
  } else {
    const exact = exactDecimal(Math.abs(x));
    if (fmt === 'g' || fmt === 'G') prec = prec === 0 ? 1 : prec;
    d = round(exact, fmt === 'f' ? exact.dp + prec : fmt === 'e' || fmt === 'E' ? prec + 1 : prec);
  }
  if (fmt === 'e' || fmt === 'E') return sign + formatE(d, prec, fmt);
  if (fmt === 'f') return sign + formatF(d, prec);
  // %e is used if the exponent is below -4 or at least the precision (6 for the shortest form).
  let eprec = prec;
  if (eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
  if (shortest) eprec = 6;
  const exp = d.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > d.digits.length) prec = d.digits.length;
    return sign + formatE(d, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > d.dp) prec = d.digits.length;
  return sign + formatF(d, Math.max(prec - d.dp, 0));
}

/**
 * A number from JSON in a confd-dialect template: Go decodes JSON numbers as float64, which prints `1e+06` where an
 * int prints `1000000`. Printing, printf, comparisons and truth read its value; nothing else takes it.
 */
export class GoFloat {
  constructor(readonly value: number) {
    Object.freeze(this);
  }
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return formatFloat(this.value, 'g', -1);
  }
}

/** JSON.parse reviver: numbers become GoFloat. */
export function goFloatReviver(_key: string, value: unknown): unknown {
  return typeof value === 'number' ? new GoFloat(value) : value;
}

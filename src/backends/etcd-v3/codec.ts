// Wire encoding of etcd's v3 JSON gateway: keys/values base64, 64-bit numbers as strings, empty fields omitted.

export function encode(text: string | Buffer): string {
  return (typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64');
}

export function decode(b64: string | undefined): string {
  return b64 === undefined ? '' : Buffer.from(b64, 'base64').toString('utf8');
}

/** A decoded value; `valid` false when its bytes are not UTF-8 and `text` holds U+FFFD where they were. */
export interface DecodedValue {
  text: string;
  valid: boolean;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decode a value, reporting invalid UTF-8 instead of silently replacing it (keys stay lossy via `decode`). */
export function decodeValue(b64: string | undefined): DecodedValue {
  if (b64 === undefined) return { text: '', valid: true };
  const bytes = Buffer.from(b64, 'base64');
  try {
    return { text: strictUtf8.decode(bytes), valid: true };
  } catch {
    return { text: bytes.toString('utf8'), valid: false };
  }
}

/** int64 fields come as strings ("12"), sometimes numbers; absent means 0. */
export function toBigInt(value: string | number | undefined): bigint {
  return value === undefined ? 0n : BigInt(value);
}

/** A key range in etcd's byte order: [key, rangeEnd); rangeEnd absent = the single key. */
export interface KeyRange {
  key: Buffer;
  rangeEnd?: Buffer;
}

const ALL = Buffer.from([0]);

/**
 * Ranges covering exactly `prefix` and `prefix/…` ("/app" never matches "/application" nor "/app-x").
 * "/" means every key.
 */
export function prefixRanges(prefix: string): KeyRange[] {
  if (prefix === '/') return [{ key: ALL, rangeEnd: ALL }];
  return [{ key: Buffer.from(prefix) }, { key: Buffer.from(`${prefix}/`), rangeEnd: Buffer.from(`${prefix}0`) }];
}

/**
 * One range from the smallest to past the largest prefix (etcd byte order): covers every prefix with one watch,
 * and only the keys sorting between them — tighter than their common ancestor ("/a", "/z" ⊄ "/m…" siblings outside).
 */
export function spanRange(prefixes: string[]): KeyRange {
  if (prefixes.length === 0 || prefixes.includes('/')) return { key: ALL, rangeEnd: ALL };
  const sorted = prefixes.map((p) => Buffer.from(p)).sort((a, b) => Buffer.compare(a, b));
  const first = sorted[0] ?? ALL;
  const last = sorted.at(-1) ?? ALL;
  return { key: first, rangeEnd: Buffer.concat([last, Buffer.from('0')]) };
}

/** JSON fields of a range for a request body. */
export function rangeFields(range: KeyRange): { key: string; range_end?: string } {
  return range.rangeEnd === undefined ? { key: encode(range.key) } : { key: encode(range.key), range_end: encode(range.rangeEnd) };
}

/** The smallest key after `key` (continue a paged range). */
export function keyAfter(key: Buffer): Buffer {
  return Buffer.concat([key, ALL]);
}

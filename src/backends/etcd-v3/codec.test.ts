import { describe, expect, it } from 'vitest';
import { decode, decodeValue, encode, keyAfter, prefixRanges, spanRange, toBigInt } from './codec.js';
import { toItems } from './watch-items.js';

const inRange = (key: string, r: { key: Buffer; rangeEnd?: Buffer }): boolean => {
  const k = Buffer.from(key);
  if (r.rangeEnd === undefined) return k.equals(r.key);
  const afterStart = Buffer.compare(k, r.key) >= 0;
  return r.rangeEnd.equals(Buffer.from([0])) ? afterStart : afterStart && Buffer.compare(k, r.rangeEnd) < 0;
};

describe('etcd v3 codec', () => {
  it('round-trips keys and values through base64, empty and unicode included', () => {
    for (const s of ['', '/app', 'ünïcode ✓']) expect(decode(encode(s))).toBe(s);
    expect(decode(undefined)).toBe('');
  });

  it('reads int64 strings as bigint without losing precision', () => {
    expect(toBigInt('9007199254740993')).toBe(9007199254740993n);
    expect(toBigInt(undefined)).toBe(0n);
  });

  it('covers /app and /app/… but never /application or /app-x with the snapshot ranges', () => {
    const ranges = prefixRanges('/app');
    const covered = (k: string): boolean => ranges.some((r) => inRange(k, r));
    expect(['/app', '/app/x', '/app/x/y'].every(covered)).toBe(true);
    expect(['/application', '/app-x', '/app.y', '/ap', '/apq', '/app0'].some(covered)).toBe(false);
  });

  it('spans several prefixes with one range from the smallest to past the largest', () => {
    const span = spanRange(['/m/b', '/m/a', '/m/c']);
    expect(['/m/a', '/m/a/x', '/m/b/y', '/m/c', '/m/c/z'].every((k) => inRange(k, span))).toBe(true);
    expect(['/m/0', '/m/0-busy', '/m/d', '/m/c0'].some((k) => inRange(k, span))).toBe(false);
    expect(spanRange(['/', '/x'])).toEqual({ key: Buffer.from([0]), rangeEnd: Buffer.from([0]) });
  });

  it('continues a page right after the last key', () => {
    expect(keyAfter(Buffer.from('/a'))).toEqual(Buffer.from('/a\0'));
  });
});

describe('watch events to items', () => {
  const wanted = (k: string): boolean => k.startsWith('/app/');
  const ev = (type: 'put' | 'delete', key: string, rev: bigint) => ({ type, key, value: type === 'put' ? 'v' : '', modRevision: rev });

  it('groups events of one revision into one Change, in order', () => {
    const items = toItems([ev('put', '/app/a', 5n), ev('delete', '/app/b', 5n), ev('put', '/app/c', 6n)], 6n, wanted);
    expect(items).toEqual([
      {
        type: 'change',
        revision: 5n,
        events: [
          { type: 'put', key: '/app/a', value: 'v' },
          { type: 'delete', key: '/app/b' },
        ],
      },
      { type: 'change', revision: 6n, events: [{ type: 'put', key: '/app/c', value: 'v' }] },
    ]);
  });

  it('drops unwanted keys and reports a trailing progress when the last revisions were all unwanted', () => {
    const items = toItems([ev('put', '/app/a', 5n), ev('put', '/app-x', 5n), ev('put', '/other', 7n)], 7n, wanted);
    expect(items).toEqual([
      { type: 'change', revision: 5n, events: [{ type: 'put', key: '/app/a', value: 'v' }] },
      { type: 'progress', revision: 7n },
    ]);
  });

  it('turns an empty response into progress at its header revision', () => {
    expect(toItems([], 42n, wanted)).toEqual([{ type: 'progress', revision: 42n }]);
  });
});

describe('etcd v3 value decoding', () => {
  it('reports bytes that are not valid UTF-8 instead of silently replacing them', () => {
    const raw = Buffer.from('61fffe8062c3280a', 'hex');
    const got = decodeValue(raw.toString('base64'));
    expect(got.valid).toBe(false);
    expect(got.text).toBe(raw.toString('utf8'));
  });

  it('accepts valid UTF-8 byte-exact: empty, absent, unicode, a leading BOM and a real U+FFFD', () => {
    for (const s of ['', 'ünïcode ✓ \u{1F600}', '\uFEFFbom', 'a\uFFFDb', 'a\u0000b']) {
      const got = decodeValue(encode(s));
      expect(got).toEqual({ text: s, valid: true });
      expect(Buffer.from(got.text, 'utf8').equals(Buffer.from(s, 'utf8'))).toBe(true);
    }
    expect(decodeValue(undefined)).toEqual({ text: '', valid: true });
  });

  it('flags a watched put of invalid bytes on its event, and not a valid one', () => {
    const items = toItems(
      [
        { type: 'put', key: '/app/a', value: '\uFFFD', invalidUtf8: true, modRevision: 5n },
        { type: 'put', key: '/app/b', value: 'ok', modRevision: 5n },
      ],
      5n,
      (k) => k.startsWith('/app/'),
    );
    expect(items).toEqual([
      {
        type: 'change',
        revision: 5n,
        events: [
          { type: 'put', key: '/app/a', value: '\uFFFD', invalidUtf8: true },
          { type: 'put', key: '/app/b', value: 'ok' },
        ],
      },
    ]);
  });
});

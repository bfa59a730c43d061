import { describe, expect, it } from 'vitest';
import { decodeRangeResponse, encodeRangeRequest } from './grpc-codec.js';

// Hand-built protobuf, independent of the codec under test.
const varint = (n: bigint): number[] => {
  const out: number[] = [];
  for (; n > 0x7fn; n >>= 7n) out.push(Number(n & 0x7fn) | 0x80);
  out.push(Number(n));
  return out;
};
const bytes = (field: number, data: Uint8Array | string): number[] => {
  const b = typeof data === 'string' ? Buffer.from(data) : data;
  return [...varint(BigInt((field << 3) | 2)), ...varint(BigInt(b.length)), ...b];
};
const int = (field: number, n: bigint): number[] => [...varint(BigInt(field << 3)), ...varint(n)];
const kv = (key: string | Uint8Array, value: string | Uint8Array): number[] =>
  bytes(2, Buffer.from([...bytes(1, key), ...int(2, 7n), ...int(3, 9n), ...int(4, 1n), ...bytes(5, value), ...int(6, 0n)]));
const header = (revision: bigint): number[] =>
  bytes(1, Buffer.from([...int(1, 14841639068965178418n), ...int(2, 10276657743932975437n), ...int(3, revision), ...int(4, 2n)]));

describe('etcd v3 protobuf codec', () => {
  it('encodes a RangeRequest as etcd reads it: key, range_end, limit, revision; zero fields omitted', () => {
    const req = encodeRangeRequest({ key: Buffer.from('/a/'), rangeEnd: Buffer.from('/a0') }, 1000, 300n);
    expect([...req]).toEqual([...bytes(1, '/a/'), ...bytes(2, '/a0'), ...int(3, 1000n), ...int(4, 300n)]);
    expect([...encodeRangeRequest({ key: Buffer.from('/a') }, 1000, undefined)]).toEqual(bytes(1, '/a'));
  });

  it('decodes keys, values, more and a revision past 2^53 exactly, skipping fields it does not use', () => {
    const res = Buffer.from([...header(9007199254740993n), ...kv('/a/x', 'ünïcode ✓'), ...kv('/a/y', ''), ...int(3, 1n), ...int(4, 2n)]);
    const page = decodeRangeResponse(res);
    expect(page.revision).toBe(9007199254740993n);
    expect(page.kvs).toEqual([
      { key: '/a/x', value: 'ünïcode ✓', valid: true },
      { key: '/a/y', value: '', valid: true },
    ]);
    expect(page.more).toBe(true);
    expect(page.lastKey).toEqual(Buffer.from('/a/y'));
  });

  it('flags a value that is not UTF-8 and keeps its lossy text', () => {
    const raw = Buffer.from('61fffe8062c3280a', 'hex');
    const [got] = decodeRangeResponse(Buffer.from(kv('/k', raw))).kvs;
    expect(got).toEqual({ key: '/k', value: raw.toString('utf8'), valid: false });
  });

  it('accepts a value that really holds U+FFFD as valid UTF-8', () => {
    const [got] = decodeRangeResponse(Buffer.from(kv('/k', 'a\uFFFDb'))).kvs;
    expect(got).toEqual({ key: '/k', value: 'a\uFFFDb', valid: true });
  });

  it('keeps the last key byte-exact even when it is not UTF-8, for the next page', () => {
    const key = Buffer.from([0x2f, 0xff, 0x00]);
    expect(decodeRangeResponse(Buffer.from(kv(key, 'v'))).lastKey).toEqual(key);
  });

  it('refuses a truncated message instead of reading past its end', () => {
    const res = Buffer.from(kv('/a/x', 'value'));
    expect(() => decodeRangeResponse(res.subarray(0, res.length - 2))).toThrow(/truncated/);
  });
});

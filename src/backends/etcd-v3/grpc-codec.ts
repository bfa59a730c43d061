// Protobuf for the few etcd v3 messages the snapshot uses (etcdserverpb rpc.proto, mvccpb kv.proto): our own ~100
// lines instead of a runtime (protobufjs/minimal costs ~40 ms of CPU at import; bench/grpc-range.mjs).
import { isUtf8 } from 'node:buffer';
import type { KeyRange } from './codec.js';

/** One decoded key: its name (lossy UTF-8, like the gateway's keys) and its value, `valid` false if not UTF-8. */
export interface RangeKv {
  key: string;
  value: string;
  valid: boolean;
}

/** RangeResponse: the keys of one page, whether more follow, and the raw bytes of its last key (to continue). */
export interface RangePage {
  revision: bigint;
  kvs: RangeKv[];
  more: boolean;
  lastKey: Buffer | undefined;
}

// ---- encoding: RangeRequest{key=1, range_end=2, limit=3, revision=4}

class Writer {
  readonly bytes: number[] = [];
  varint(value: bigint | number): this {
    let v = BigInt(value);
    while (v > 0x7fn) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
    return this;
  }
  bytesField(field: number, data: Uint8Array): this {
    this.varint((field << 3) | 2).varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }
  intField(field: number, value: bigint | number): this {
    return BigInt(value) === 0n ? this : this.varint(field << 3).varint(value);
  }
  finish(): Buffer {
    return Buffer.from(this.bytes);
  }
}

export function encodeRangeRequest(range: KeyRange, limit: number, revision: bigint | undefined): Buffer {
  const w = new Writer().bytesField(1, range.key);
  if (range.rangeEnd !== undefined) w.bytesField(2, range.rangeEnd).intField(3, limit);
  return w.intField(4, revision ?? 0n).finish();
}

// ---- decoding: RangeResponse{header=1, kvs=2, more=3}, ResponseHeader{revision=3}, KeyValue{key=1, value=5};
// unknown fields are skipped.

class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  /** Exact below 2^53 (tags, lengths, booleans); revisions go through `bigVarint`. */
  varint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined || this.pos > this.end) throw new RangeError('truncated protobuf message');
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
  }
  bigVarint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined || this.pos > this.end) throw new RangeError('truncated protobuf message');
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  }
  /** A length-delimited field's [start, end); moves past it. */
  span(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    this.pos += len;
    if (this.pos > this.end) throw new RangeError('truncated protobuf message');
    return [start, this.pos];
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 2) this.span();
    else if (wire === 1) this.pos += 8;
    else if (wire === 5) this.pos += 4;
    else throw new RangeError(`unsupported protobuf wire type ${wire}`);
  }
}

function decodeHeaderRevision(buf: Buffer, start: number, end: number): bigint {
  const r = new Reader(buf, start, end);
  let revision = 0n;
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 3 << 3) revision = r.bigVarint();
    else r.skip(tag & 7);
  }
  return revision;
}

/** Keys and values decoded straight from the answer's buffer: one string each, no intermediate objects or copies. */
export function decodeRangeResponse(buf: Buffer, start = 0, end = buf.length): RangePage {
  const r = new Reader(buf, start, end);
  const page: RangePage = { revision: 0n, kvs: [], more: false, lastKey: undefined };
  let lastStart = -1;
  let lastEnd = -1;
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === ((1 << 3) | 2)) {
      const [s, e] = r.span();
      page.revision = decodeHeaderRevision(buf, s, e);
    } else if (tag === ((2 << 3) | 2)) {
      const kvEnd = r.varint() + r.pos;
      if (kvEnd > end) throw new RangeError('truncated protobuf message');
      let keyStart = 0;
      let keyEnd = 0;
      let valueStart = 0;
      let valueEnd = 0;
      while (r.pos < kvEnd) {
        const t = r.varint();
        if (t === ((1 << 3) | 2)) {
          keyEnd = r.varint() + r.pos;
          keyStart = r.pos;
          r.pos = keyEnd;
        } else if (t === ((5 << 3) | 2)) {
          valueEnd = r.varint() + r.pos;
          valueStart = r.pos;
          r.pos = valueEnd;
        } else r.skip(t & 7);
      }
      if (r.pos !== kvEnd) throw new RangeError('truncated protobuf message');
      const value = buf.toString('utf8', valueStart, valueEnd);
      // Invalid bytes decode to U+FFFD; only then is the (rarer) exact check worth a Buffer view.
      const valid = !value.includes('\uFFFD') || isUtf8(buf.subarray(valueStart, valueEnd));
      page.kvs.push({ key: buf.toString('utf8', keyStart, keyEnd), value, valid });
      lastStart = keyStart;
      lastEnd = keyEnd;
    } else if (tag === 3 << 3) page.more = r.varint() !== 0;
    else r.skip(tag & 7);
  }
  // A copy: the answer's buffer can then be collected while the next page is read.
  if (lastStart >= 0) page.lastKey = Buffer.from(buf.subarray(lastStart, lastEnd));
  return page;
}

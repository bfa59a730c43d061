// Consistent snapshot: the ranges of every prefix read in transactions of many ranges, all pinned to one revision.
import { BackendError } from '../../errors.js';
import type { Snapshot } from '../key-source.js';
import { isUnderPrefix, mergePrefixes } from '../prefix.js';
import type { EtcdV3Client } from './client.js';
import { keyAfter, prefixRanges, type KeyRange } from './codec.js';
import { decodeRangeResponse, decodeTxnResponse, encodeRangeRequest, encodeTxnRequest, type RangeKv, type RangePage } from './grpc-codec.js';

/** etcd's `--max-txn-ops` default; a member set lower answers "too many operations" and we halve the chunk. */
export const TXN_OPS = 128;

/** The revision every read of one snapshot is pinned to (fixed by the first answer). */
interface Pin {
  revision: bigint | undefined;
}

/** Keys under the prefixes at one revision; restarts (a few times) if that revision is compacted mid-way. */
export async function readSnapshot(client: EtcdV3Client, prefixes: string[], signal: AbortSignal): Promise<Snapshot> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readOnce(client, mergePrefixes(prefixes), signal);
    } catch (error) {
      if (!(error instanceof BackendError) || error.code !== 'ETCD_COMPACTED' || attempt >= 3) throw error;
    }
  }
}

/**
 * One round trip per TXN_OPS ranges instead of one per range: 300 prefixes (600 ranges) were 600 sequential
 * requests, ~1.1 ms each (issue #15); now 5 transactions. bench/oneshot.mjs "300 resources, etcd v3" (RUNS=10,
 * Node 20, 2 busy cores): main's build 1176 ms → 620 ms at load 6.6; 1641 → 648 ms at load 53.
 * A txn reads all its ranges at one revision; later chunks (and later pages of a long range) name that revision.
 */
async function readOnce(client: EtcdV3Client, prefixes: string[], signal: AbortSignal): Promise<Snapshot> {
  const keys = new Map<string, string>();
  const invalid = new Set<string>();
  const pin: Pin = { revision: undefined };
  const ranges = prefixes.flatMap((prefix) => prefixRanges(prefix).map((range) => ({ prefix, range })));
  const collect = (prefix: string, kv: RangeKv): void => {
    if (!isUnderPrefix(kv.key, prefix)) return;
    keys.set(kv.key, kv.value);
    if (!kv.valid) invalid.add(kv.key);
  };
  let chunk = TXN_OPS;
  for (let i = 0; i < ranges.length; ) {
    const batch = ranges.slice(i, i + chunk);
    let answers: RangePage[];
    try {
      answers = await readBatch(client, batch.map((b) => b.range), pin, signal);
    } catch (error) {
      if (chunk > 1 && isTooManyOps(error)) {
        chunk = Math.max(1, chunk >> 1);
        continue;
      }
      throw error;
    }
    for (const [j, { prefix, range }] of batch.entries()) {
      const res = answers[j];
      for (const kv of res?.kvs ?? []) collect(prefix, kv);
      // A range longer than a page goes on alone, page by page, at the pinned revision.
      if (range.rangeEnd === undefined || res?.more !== true || res.lastKey === undefined) continue;
      const rest = { key: keyAfter(res.lastKey), rangeEnd: range.rangeEnd };
      for await (const kv of readRange(client, rest, pin, signal)) collect(prefix, kv);
    }
    i += batch.length;
  }
  return { revision: pin.revision ?? 0n, keys, ...(invalid.size > 0 ? { invalid } : {}) };
}

function rangeRequest(client: EtcdV3Client, range: KeyRange, pin: Pin): Buffer {
  return encodeRangeRequest(range, client.pageSize, pin.revision);
}

/** One txn of range reads (no compare: the success branch runs); its header revision fixes an unset pin. */
async function readBatch(client: EtcdV3Client, ranges: KeyRange[], pin: Pin, signal: AbortSignal): Promise<RangePage[]> {
  const txn = encodeTxnRequest(ranges.map((range) => rangeRequest(client, range, pin)));
  const first = ranges[0]?.key.toString() ?? '';
  const res = decodeTxnResponse(await client.unary('/etcdserverpb.KV/Txn', txn, { signal, key: first }));
  pin.revision ??= res.revision;
  return res.pages;
}

/** Pages of `pageSize` keys from `range.key`, continuing after the last key, at the pinned revision. */
async function* readRange(client: EtcdV3Client, range: KeyRange, pin: Pin, signal: AbortSignal): AsyncGenerator<RangeKv> {
  let from = range.key;
  for (;;) {
    const answer = await client.unary('/etcdserverpb.KV/Range', rangeRequest(client, { ...range, key: from }, pin), { signal, key: from.toString() });
    const res = decodeRangeResponse(answer);
    pin.revision ??= res.revision;
    yield* res.kvs;
    if (!res.more || res.lastKey === undefined) return;
    from = keyAfter(res.lastKey);
  }
}

function isTooManyOps(error: unknown): boolean {
  return error instanceof BackendError && error.message.includes('too many operations in txn request');
}

// Consistent snapshot: the ranges of every prefix read in transactions of many ranges, all pinned to one revision;
// first pages through the JSON gateway, the rest of a long range over gRPC (docs/design.md, "The v3 transport").
import { BackendError } from '../../errors.js';
import type { Snapshot } from '../../keys/snapshot.js';
import { isUnderPrefix, mergePrefixes } from '../../keys/prefix.js';
import type { EtcdV3Client } from './client.js';
import { decode, decodeValue, keyAfter, prefixRanges, rangeFields, toBigInt, type KeyRange } from './codec.js';
import { decodeRangeResponse, encodeRangeRequest, type RangeKv, type RangePage } from './grpc-codec.js';

interface GatewayRange {
  kvs?: Array<{ key?: string; value?: string }>;
  more?: boolean;
}

interface GatewayTxn {
  header?: { revision?: string };
  responses?: Array<{ response_range?: GatewayRange }>;
}

/**
 * Keys per range in the first, gateway transaction. Past ~500 keys gRPC's fixed cost (node:http2, a second connection)
 * is cheaper than the gateway's JSON (bench/grpc-range.mjs); a 3-key or 300-resource render stays on the gateway.
 */
export const GATEWAY_PAGE = 500;

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
 * requests, ~1.1 ms each; now 5 transactions. bench/oneshot.mjs "300 resources, etcd v3" (RUNS=10,
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
  for (let i = 0; i < ranges.length;) {
    const batch = ranges.slice(i, i + chunk);
    let answers: RangePage[];
    try {
      answers = await readBatch(
        client,
        batch.map((b) => b.range),
        pin,
        signal,
      );
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
      for await (const kv of readRange(client, rest, pin, signal, prefix)) collect(prefix, kv);
    }
    i += batch.length;
  }
  return { revision: pin.revision ?? 0n, keys, ...(invalid.size > 0 ? { invalid } : {}) };
}

/**
 * One txn of range reads over the JSON gateway (no compare: the success branch runs); its header revision fixes an
 * unset pin. First pages only: a small snapshot never loads node:http2 (+20 ms of CPU at start; bench/grpc-range.mjs).
 */
async function readBatch(client: EtcdV3Client, ranges: KeyRange[], pin: Pin, signal: AbortSignal): Promise<RangePage[]> {
  const success = ranges.map((range) => ({
    request_range: {
      ...rangeFields(range),
      ...(range.rangeEnd === undefined ? {} : { limit: Math.min(client.pageSize, GATEWAY_PAGE) }),
      ...(pin.revision === undefined ? {} : { revision: pin.revision.toString() }),
    },
  }));
  const first = ranges[0]?.key.toString() ?? '';
  const res = await client.call<GatewayTxn>('/v3/kv/txn', { success }, { signal, key: first });
  pin.revision ??= toBigInt(res.header?.revision);
  return (res.responses ?? []).map((r) => gatewayPage(r.response_range ?? {}));
}

function gatewayPage(res: GatewayRange): RangePage {
  const kvs: RangeKv[] = [];
  for (const kv of res.kvs ?? []) {
    if (kv.key === undefined) continue;
    const value = decodeValue(kv.value);
    kvs.push({ key: decode(kv.key), value: value.text, valid: value.valid });
  }
  const last = res.kvs?.at(-1)?.key;
  return { revision: 0n, kvs, more: res.more === true, lastKey: last === undefined ? undefined : Buffer.from(last, 'base64') };
}

/**
 * The rest of a range longer than a page, over gRPC (KV/Range via node:http2): at 10,000 keys the gateway spends
 * most of the one-shot marshalling JSON; pages of `pageSize` keys at the pinned revision.
 */
async function* readRange(client: EtcdV3Client, range: KeyRange, pin: Pin, signal: AbortSignal, prefix: string): AsyncGenerator<RangeKv> {
  let from = range.key;
  for (;;) {
    const request = encodeRangeRequest({ ...range, key: from }, client.pageSize, pin.revision);
    const answer = await client.unary('/etcdserverpb.KV/Range', request, { signal, key: prefix });
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

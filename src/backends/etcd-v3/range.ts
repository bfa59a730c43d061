// Consistent snapshot: every range paged and pinned to the revision of the first answer.
import { BackendError } from '../../errors.js';
import type { Snapshot } from '../key-source.js';
import { isUnderPrefix, mergePrefixes } from '../prefix.js';
import type { EtcdV3Client } from './client.js';
import { decode, decodeValue, keyAfter, prefixRanges, rangeFields, toBigInt, type KeyRange } from './codec.js';

interface RangeResponse {
  header?: { revision?: string };
  kvs?: Array<{ key?: string; value?: string }>;
  more?: boolean;
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

async function readOnce(client: EtcdV3Client, prefixes: string[], signal: AbortSignal): Promise<Snapshot> {
  const keys = new Map<string, string>();
  const invalid = new Set<string>();
  const pin: { revision: bigint | undefined } = { revision: undefined };
  for (const prefix of prefixes) {
    for (const range of prefixRanges(prefix)) {
      for await (const [key, value] of readRange(client, range, pin, signal)) {
        if (!isUnderPrefix(key, prefix)) continue;
        keys.set(key, value.text);
        if (!value.valid) invalid.add(key);
      }
    }
  }
  return { revision: pin.revision ?? 0n, keys, ...(invalid.size > 0 ? { invalid } : {}) };
}

/** Pages of `pageSize` keys, continuing after the last key; the first page fixes `pin.revision`. */
async function* readRange(client: EtcdV3Client, range: KeyRange, pin: { revision: bigint | undefined }, signal: AbortSignal) {
  let from = range.key;
  for (;;) {
    const paged = range.rangeEnd !== undefined;
    const body = {
      ...rangeFields({ ...range, key: from }),
      ...(paged ? { limit: client.pageSize } : {}),
      ...(pin.revision === undefined ? {} : { revision: pin.revision.toString() }),
    };
    const res = await client.call<RangeResponse>('/v3/kv/range', body, { signal, key: from.toString() });
    pin.revision ??= toBigInt(res.header?.revision);
    let last: Buffer | undefined;
    for (const kv of res.kvs ?? []) {
      if (kv.key === undefined) continue;
      last = Buffer.from(kv.key, 'base64');
      yield [decode(kv.key), decodeValue(kv.value)] as const;
    }
    if (!paged || res.more !== true || last === undefined) return;
    from = keyAfter(last);
  }
}

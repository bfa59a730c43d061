// Writes and leases for `confetti register`: put/delete a key, grant/keep alive/revoke a lease.
import type { EtcdV3Client } from './client.js';
import { encode, prefixRanges, rangeFields, toBigInt } from './codec.js';

export interface Lease {
  id: bigint;
  /** TTL in seconds the server granted. */
  ttl: number;
}

interface Header {
  header?: { revision?: string };
}

export async function grantLease(client: EtcdV3Client, ttlSec: number, signal?: AbortSignal): Promise<Lease> {
  const res = await client.call<{ ID?: string; TTL?: string }>('/v3/lease/grant', { TTL: ttlSec }, { signal });
  return { id: toBigInt(res.ID), ttl: Number(res.TTL ?? 0) };
}

/** The gateway answers a keepalive request with a one-line stream `{"result":{…}}`. */
export async function keepAlive(client: EtcdV3Client, leaseId: bigint, signal?: AbortSignal): Promise<number> {
  const res = await client.call<{ result?: { TTL?: string } }>('/v3/lease/keepalive', { ID: leaseId.toString() }, { signal });
  return Number(res.result?.TTL ?? 0);
}

export async function revokeLease(client: EtcdV3Client, leaseId: bigint, signal?: AbortSignal): Promise<void> {
  await client.call('/v3/lease/revoke', { ID: leaseId.toString() }, { signal });
}

/** Put one key; resolves to the store revision of the write. */
export async function putKey(
  client: EtcdV3Client,
  key: string,
  value: string,
  opts: { lease?: bigint; signal?: AbortSignal },
): Promise<bigint> {
  const body = { key: encode(key), value: encode(value), ...(opts.lease === undefined ? {} : { lease: opts.lease.toString() }) };
  const res = await client.call<Header>('/v3/kv/put', body, { signal: opts.signal, key });
  return toBigInt(res.header?.revision);
}

/** Delete one key, or with `prefix` the key and everything under key/ (exact prefix semantics). */
export async function deleteKey(client: EtcdV3Client, key: string, opts: { prefix?: boolean; signal?: AbortSignal }): Promise<bigint> {
  const ranges = opts.prefix ? prefixRanges(key) : [{ key: Buffer.from(key) }];
  let revision = 0n;
  for (const range of ranges) {
    const res = await client.call<Header>('/v3/kv/deleterange', rangeFields(range), { signal: opts.signal, key });
    revision = toBigInt(res.header?.revision);
  }
  return revision;
}

// The snapshot reads many prefixes in transactions of up to 128 ranges (etcd's --max-txn-ops): every chunk, and every
// later page of a long range, must be read at the revision of the first answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEtcdV3Source, type EtcdV3Source } from '../../src/backends/etcd-v3/source.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';

const name = (i: number): string => `/fleet/p${String(i).padStart(3, '0')}`;
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** Puts `entries` in transactions of 100 (under etcd's 128-operation cap). */
async function load(source: EtcdV3Source, entries: Array<[string, string]>): Promise<void> {
  for (let i = 0; i < entries.length; i += 100) {
    const success = entries.slice(i, i + 100).map(([k, v]) => ({ request_put: { key: b64(k), value: b64(v) } }));
    await source.client.call('/v3/kv/txn', { success });
  }
}

/** The value each key had at `revision`, from the initial load and the logged writes after it. */
function stateAt(
  initial: Map<string, string>,
  writes: Array<{ key: string; value: string; revision: bigint }>,
  revision: bigint,
): Map<string, string> {
  const state = new Map(initial);
  for (const w of writes) if (w.revision <= revision) state.set(w.key, w.value);
  return state;
}

describe('etcd v3 snapshot of many prefixes', () => {
  let etcd: EtcdCluster;
  let source: EtcdV3Source;
  const signal = (): AbortSignal => AbortSignal.timeout(30_000);

  beforeAll(async () => {
    etcd = await startEtcd();
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000, pageSize: 50 });
  });
  afterAll(async () => {
    await source?.close();
    await etcd?.stop();
  });

  it('reads 200 prefixes (400 ranges, 4 transactions) at one revision while writes race it', async () => {
    const initial = new Map<string, string>();
    for (let i = 0; i < 200; i++) initial.set(`${name(i)}/k`, 'initial');
    // The last prefix holds more keys than a page: its later pages are separate reads, pinned too.
    for (let j = 0; j < 120; j++) initial.set(`${name(199)}/many/${String(j).padStart(3, '0')}`, 'initial');
    // Neighbours the exact prefix semantics must leave out.
    await load(source, [...initial, ['/fleet/p000-x', 'no'], ['/fleet/p1990', 'no']]);
    const writes: Array<{ key: string; value: string; revision: bigint }> = [];
    let done = false;
    // Writes to the first and the last prefixes alternate, so any chunk read at a later revision sees one.
    const racing = (async () => {
      for (let n = 0; !done || n < 4; n++) {
        const key = n % 2 === 0 ? `${name(0)}/k` : `${name(199)}/many/${String(n % 120).padStart(3, '0')}`;
        const value = `write-${n}`;
        writes.push({ key, value, revision: await source.client.put(key, value) });
      }
    })();
    // Several snapshots while the writer runs: each must equal the store at its own revision.
    const snaps = [];
    for (let i = 0; i < 5; i++) snaps.push(await source.snapshot([...Array(200).keys()].map(name), { signal: signal() }));
    done = true;
    await racing;
    const revisions = new Set(snaps.map((s) => s.revision));
    expect(revisions.size).toBeGreaterThan(1);
    for (const snap of snaps) {
      expect(snap.keys.size).toBe(initial.size);
      expect(snap.keys).toEqual(stateAt(initial, writes, snap.revision));
    }
  });

  it('reads the same keys as one prefix at a time', async () => {
    const prefixes = [...Array(150).keys()].map(name);
    const together = await source.snapshot(prefixes, { signal: signal() });
    const apart = new Map<string, string>();
    for (const p of prefixes) for (const [k, v] of (await source.snapshot([p], { signal: signal() })).keys) apart.set(k, v);
    expect(together.keys.size).toBe(150);
    expect(together.keys).toEqual(apart);
  });
});

describe('etcd v3 snapshot against a member with a lower --max-txn-ops', () => {
  let etcd: EtcdCluster;
  let source: EtcdV3Source;

  beforeAll(async () => {
    etcd = await startEtcd({ extraArgs: ['--max-txn-ops', '10'] });
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await source?.close();
    await etcd?.stop();
  });

  it('splits its transactions until the member accepts them', async () => {
    const entries: Array<[string, string]> = [...Array(30).keys()].map((i) => [`${name(i)}/k`, `v${i}`]);
    for (const [k, v] of entries) await source.client.put(k, v);
    const snap = await source.snapshot([...Array(30).keys()].map(name), { signal: AbortSignal.timeout(20_000) });
    expect(snap.keys).toEqual(new Map(entries));
    expect(snap.revision).toBe(await etcd.revision());
  });
});

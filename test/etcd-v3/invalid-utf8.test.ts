// Values that are not valid UTF-8, put through the raw gateway while watching: flagged on the event, refused by the
// resource that reads them (its last good file stays), never breaking the watch; a later valid put renders again.
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEtcdV3Source, type EtcdV3Source } from '../../src/backends/etcd-v3/source.js';
import type { Resource } from '../../src/config/resource.js';
import { TemplateError } from '../../src/errors.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { startTestDaemon, testResource } from '../support/daemon.js';
import { useTempDirs } from '../support/temp-dir.js';
import { recordWatch, type WatchRecorder } from './watch-helpers.js';

const tempDir = useTempDirs('confetti-utf8-');
const RAW = Buffer.from('61fffe8062c3280a', 'hex');

const resource = (dir: string, name: string, keys: string[]): Resource => testResource(dir, name, keys);

describe('etcd v3 values that are not valid UTF-8', () => {
  let etcd: EtcdCluster;
  let source: EtcdV3Source;
  let watch: WatchRecorder | undefined;
  const stops: Array<() => Promise<void>> = [];

  /** A put of raw bytes through the JSON gateway (etcdctl would need them on its command line). */
  const putRaw = (key: string, value: Buffer): Promise<unknown> =>
    source.client.call('/v3/kv/put', { key: Buffer.from(key).toString('base64'), value: value.toString('base64') });

  beforeAll(async () => {
    etcd = await startEtcd();
    source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1000, requestTimeoutMs: 5000 });
  });
  afterEach(async () => {
    await watch?.stop();
    watch = undefined;
    for (const stop of stops.splice(0)) await stop();
  });
  afterAll(async () => {
    await source?.close();
    await etcd?.stop();
  });

  it('flags the watched put of invalid bytes and the snapshot key, and keeps watching', async () => {
    const rev = await etcd.revision();
    watch = recordWatch(source, ['/u1'], rev);
    await putRaw('/u1/raw', RAW);
    await putRaw('/u1/raw', Buffer.from('fixed'));
    await watch.until((items) => items.filter((i) => i.type === 'change').length === 2);
    const events = watch.items.flatMap((i) => (i.type === 'change' ? i.events : []));
    expect(events).toEqual([
      { type: 'put', key: '/u1/raw', value: RAW.toString('utf8'), invalidUtf8: true },
      { type: 'put', key: '/u1/raw', value: 'fixed' },
    ]);
    expect(watch.ended).toBe(false);

    await putRaw('/u1/raw', RAW);
    const snap = await source.snapshot(['/u1'], { signal: AbortSignal.timeout(5000) });
    expect([...(snap.invalid ?? [])]).toEqual(['/u1/raw']);
    expect(snap.keys.has('/u1/raw')).toBe(true);
  });

  it('fails only the resource reading the key, keeps its file, and renders again after a valid put', async () => {
    const dir = await tempDir();
    const raw = resource(dir, 'raw', ['/u2']);
    const other = resource(dir, 'other', ['/u2']);
    await writeFile(raw.src, '{{getv "/u2/raw"}}|{{exists "/u2/raw"}}');
    await writeFile(other.src, '{{getv "/u2/ok"}}|{{#each (ls "/u2")}}{{this}},{{/each}}');
    await putRaw('/u2/raw', Buffer.from('good'));
    await putRaw('/u2/ok', Buffer.from('1'));

    const daemon = startTestDaemon([raw, other], source);
    const cycles = daemon.cycles;
    const written = (r: Resource) =>
      cycles.next((c) => c.results.some((x) => x.resource.name === r.name && x.outcome === 'written'), 15_000);
    const firstRaw = written(raw);
    stops.push(() => daemon.stop());
    await firstRaw;
    expect(await readFile(raw.dest, 'utf8')).toBe('good|true');
    expect(await readFile(other.dest, 'utf8')).toBe('1|ok,raw,');

    // One txn: the bad value and a change the other resource must still pick up.
    const failed = cycles.next((c) => c.results.some((x) => x.resource.name === raw.name && x.outcome === 'failed'), 15_000);
    await source.client.call('/v3/kv/txn', {
      success: [
        { request_put: { key: Buffer.from('/u2/raw').toString('base64'), value: RAW.toString('base64') } },
        { request_put: { key: Buffer.from('/u2/ok').toString('base64'), value: Buffer.from('2').toString('base64') } },
      ],
    });
    const cycle = await failed;
    const error = cycle.results.find((x) => x.resource.name === raw.name)?.error;
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).code).toBe('INVALID_UTF8');
    expect((error as TemplateError).message).toContain('/u2/raw');
    expect((error as TemplateError).message).toMatch(/not valid UTF-8/);
    expect((error as TemplateError).file).toBe(raw.src);
    expect(cycle.results.find((x) => x.resource.name === other.name)?.outcome).toBe('written');
    expect(await readFile(raw.dest, 'utf8')).toBe('good|true');
    expect(await readFile(other.dest, 'utf8')).toBe('2|ok,raw,');

    // The watch is alive: a valid put of the same key renders fine.
    const again = written(raw);
    await putRaw('/u2/raw', Buffer.from('fixed'));
    await again;
    expect(await readFile(raw.dest, 'utf8')).toBe('fixed|true');
  });
});

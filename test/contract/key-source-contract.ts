// Behaviour every KeySource shares (file, env, etcd v3, etcd v2): call describeKeySourceContract from a backend's test file.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change, KeyEvent, WatchItem } from '../../src/keys/change.js';
import type { KeySource } from '../../src/backends/key-source.js';
import { isUnderPrefix } from '../../src/keys/prefix.js';

export interface ContractFixture {
  source: KeySource;
  /** Write a key to the store behind the source; watch tests run only when put and del exist. */
  put?: (key: string, value: string) => Promise<void>;
  del?: (key: string) => Promise<void>;
  /** Close the source and remove everything the fixture created. */
  close(): Promise<void>;
}

export interface ContractOptions {
  /** 'env': keys are lower-case and read back lower-cased, so the mixed-case test is skipped. */
  keyStyle?: 'env';
}

/** Lower-case keys without `_` map one-to-one onto env names, so every backend can hold them. */
export function contractKeys(opts: ContractOptions = {}): Record<string, string> {
  return {
    '/app/x': 'in',
    '/app/y/z': 'deep',
    '/application/x': 'longer name, out',
    '/app-x/y': 'hyphenated sibling, out',
    '/other/k': 'spaces, "quotes", colon: and ünïcode',
    '/solo': 'alone',
    ...(opts.keyStyle === 'env' ? {} : { '/case/MixedCase': 'kept' }),
  };
}

/** Generous for a loaded CI box; a working backend answers in milliseconds. */
const WAIT_MS = 10_000;

/** `it.next()` with a deadline: rejects instead of hanging the test when nothing arrives. */
export async function nextItem<T>(it: AsyncIterator<T>, ms = WAIT_MS): Promise<IteratorResult<T>> {
  const timer = new AbortController();
  const deadline = sleep(ms, undefined, { signal: timer.signal }).then(() => {
    throw new Error(`no watch item within ${ms} ms`);
  });
  try {
    return await Promise.race([it.next(), deadline]);
  } finally {
    timer.abort();
    deadline.catch(() => undefined);
  }
}

/** Pull changes (skipping progress) until `done(events so far)` holds; fails on resync, end or deadline. */
export async function collectUntil(it: AsyncIterator<WatchItem>, done: (events: KeyEvent[]) => boolean, ms = WAIT_MS): Promise<Change[]> {
  const changes: Change[] = [];
  const until = performance.now() + ms;
  while (!done(changes.flatMap((c) => c.events))) {
    const left = until - performance.now();
    if (left <= 0) throw new Error(`condition not met within ${ms} ms; got ${JSON.stringify(changes, bigints)}`);
    const result = await nextItem(it, left);
    if (result.done) throw new Error('watch ended before the condition was met');
    if (result.value.type === 'resync') throw new Error(`unexpected resync: ${result.value.reason}`);
    if (result.value.type === 'change') changes.push(result.value);
  }
  return changes;
}

const bigints = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

const putOf = (key: string) => (e: KeyEvent) => e.type === 'put' && e.key === key;
const deleteOf = (key: string) => (e: KeyEvent) =>
  e.type === 'delete' && (e.key === key || (e.recursive === true && isUnderPrefix(key, e.key)));

/** Registers the shared suite; `setup` runs before every test and must leave exactly `initial` in the store. */
export function describeKeySourceContract(
  name: string,
  setup: (initial: Record<string, string>) => Promise<ContractFixture>,
  opts: ContractOptions = {},
): void {
  describe(`KeySource contract: ${name}`, () => {
    const initial = contractKeys(opts);
    let fixture: ContractFixture;
    let stop: AbortController;
    const signal = (): AbortSignal => stop.signal;
    const only = (...keys: string[]): Map<string, string> => new Map(keys.map((k) => [k, initial[k] ?? `missing initial ${k}`]));

    beforeEach(async () => {
      stop = new AbortController();
      fixture = await setup(initial);
    });
    afterEach(async () => {
      stop.abort();
      await fixture.close();
    });

    it('returns exactly the keys under the prefix, with their values', async () => {
      const snap = await fixture.source.snapshot(['/app'], { signal: signal() });
      expect(snap.keys).toEqual(only('/app/x', '/app/y/z'));
      expect(typeof snap.revision).toBe('bigint');
    });

    it('never matches a longer sibling name (/app is not /application or /app-x)', async () => {
      const longer = await fixture.source.snapshot(['/application'], { signal: signal() });
      expect(longer.keys).toEqual(only('/application/x'));
      const hyphen = await fixture.source.snapshot(['/app-x'], { signal: signal() });
      expect(hyphen.keys).toEqual(only('/app-x/y'));
      const nested = await fixture.source.snapshot(['/app/y'], { signal: signal() });
      expect(nested.keys).toEqual(only('/app/y/z'));
    });

    it('returns the key a prefix names itself', async () => {
      const snap = await fixture.source.snapshot(['/solo'], { signal: signal() });
      expect(snap.keys).toEqual(only('/solo'));
    });

    it('returns the union of several prefixes', async () => {
      const snap = await fixture.source.snapshot(['/app', '/other', '/solo'], { signal: signal() });
      expect(snap.keys).toEqual(only('/app/x', '/app/y/z', '/other/k', '/solo'));
    });

    it('does not duplicate keys of nested prefixes', async () => {
      const snap = await fixture.source.snapshot(['/app/y', '/app', '/app/y/z'], { signal: signal() });
      expect(snap.keys).toEqual(only('/app/x', '/app/y/z'));
    });

    it('gives an empty map and a valid revision for a prefix without keys', async () => {
      const snap = await fixture.source.snapshot(['/nothing/here'], { signal: signal() });
      expect(snap.keys.size).toBe(0);
      expect(typeof snap.revision).toBe('bigint');
      expect(snap.revision).toBeGreaterThanOrEqual(0n);
    });

    it.skipIf(opts.keyStyle === 'env')('keeps the case of keys', async () => {
      const snap = await fixture.source.snapshot(['/case'], { signal: signal() });
      expect(snap.keys).toEqual(only('/case/MixedCase'));
    });

    it('never moves the revision backwards between snapshots', async () => {
      const first = await fixture.source.snapshot(['/app'], { signal: signal() });
      const second = await fixture.source.snapshot(['/app'], { signal: signal() });
      expect(second.revision).toBeGreaterThanOrEqual(first.revision);
    });

    it('delivers a put under the prefix as a change after the snapshot revision', async (ctx) => {
      const { put } = fixture;
      if (!put) return ctx.skip();
      const snap = await fixture.source.snapshot(['/app'], { signal: signal() });
      const it = fixture.source.watch(['/app'], snap.revision, { signal: signal() })[Symbol.asyncIterator]();
      await put('/app/new', 'fresh');
      const changes = await collectUntil(it, (events) => events.some(putOf('/app/new')));
      const change = changes.find((c) => c.events.some(putOf('/app/new')));
      expect(change?.revision).toBeGreaterThan(snap.revision);
      expect(change?.events.find(putOf('/app/new'))).toEqual({ type: 'put', key: '/app/new', value: 'fresh' });
    });

    it('delivers a delete under the prefix as a delete event', async (ctx) => {
      const { del } = fixture;
      if (!del) return ctx.skip();
      const snap = await fixture.source.snapshot(['/app'], { signal: signal() });
      const it = fixture.source.watch(['/app'], snap.revision, { signal: signal() })[Symbol.asyncIterator]();
      await del('/app/x');
      const changes = await collectUntil(it, (events) => events.some(deleteOf('/app/x')));
      expect(changes.at(-1)?.revision).toBeGreaterThan(snap.revision);
    });

    it('does not deliver puts under sibling prefixes', async (ctx) => {
      const { put } = fixture;
      if (!put) return ctx.skip();
      const snap = await fixture.source.snapshot(['/app'], { signal: signal() });
      const it = fixture.source.watch(['/app'], snap.revision, { signal: signal() })[Symbol.asyncIterator]();
      await put('/application/new', 'sibling');
      await put('/app-x/new', 'sibling');
      // Written last: once it arrives, anything from the siblings would have arrived before or with it.
      await put('/app/marker', 'last');
      const changes = await collectUntil(it, (events) => events.some(putOf('/app/marker')));
      const keys = changes.flatMap((c) => c.events.map((e) => e.key));
      expect(keys.every((k) => isUnderPrefix(k, '/app'))).toBe(true);
    });

    it('does not lose a change made between snapshot and watch', async (ctx) => {
      const { put } = fixture;
      if (!put) return ctx.skip();
      const snap = await fixture.source.snapshot(['/app'], { signal: signal() });
      await put('/app/early', 'before watch');
      const it = fixture.source.watch(['/app'], snap.revision, { signal: signal() })[Symbol.asyncIterator]();
      await collectUntil(it, (events) => events.some(putOf('/app/early')));
    });

    it('ends the iterator promptly and without error when the signal aborts', async () => {
      const snap = await fixture.source.snapshot(['/app'], { signal: signal() });
      const it = fixture.source.watch(['/app'], snap.revision, { signal: signal() })[Symbol.asyncIterator]();
      if (fixture.put) {
        // Abort a watch that is known to be live, not one still starting up.
        await fixture.put('/app/live', 'yes');
        await collectUntil(it, (events) => events.some(putOf('/app/live')));
      }
      const pending = it.next();
      const started = performance.now();
      stop.abort();
      let result = await nextItem({ next: () => pending }, 1000);
      while (!result.done) result = await nextItem(it, Math.max(0, 1000 - (performance.now() - started)));
      expect(performance.now() - started).toBeLessThan(1000);
    });
  });
}

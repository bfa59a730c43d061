// Runs a watch in the background and lets tests await the items they expect (no sleeps).
import type { KeySource } from '../../src/backends/key-source.js';
import type { WatchItem } from '../../src/keys/change.js';

export interface WatchRecorder {
  items: WatchItem[];
  /** Resolves once `predicate` holds for the items seen so far; rejects after `timeoutMs`. */
  until(predicate: (items: WatchItem[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Whether the iterator has ended by itself. */
  readonly ended: boolean;
  stop(): Promise<void>;
}

export function recordWatch(source: KeySource, prefixes: string[], revision: bigint): WatchRecorder {
  const controller = new AbortController();
  const items: WatchItem[] = [];
  let ended = false;
  let failure: unknown;
  const done = (async () => {
    try {
      for await (const item of source.watch(prefixes, revision, { signal: controller.signal })) items.push(item);
    } catch (error) {
      failure = error;
    } finally {
      ended = true;
    }
  })();
  return {
    items,
    get ended() {
      return ended;
    },
    async until(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(items)) {
        if (failure !== undefined) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
        if (Date.now() > deadline) throw new Error(`watch items never matched; got ${JSON.stringify(items, bigints)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      controller.abort();
      await done;
    },
  };
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Keys put (value) or deleted (null) by every change seen, in order. */
export function changedKeys(items: WatchItem[]): Array<[string, string | null]> {
  return items.flatMap((i) =>
    i.type === 'change' ? i.events.map((e) => [e.key, e.type === 'put' ? e.value : null] as [string, string | null]) : [],
  );
}

/** Retry `fn` until it succeeds (a restarting member), for at most 20 s. */
export async function retry<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Every change event as "revision key=value" ("<deleted>" for a delete), in order: revisions included, so a replay shows. */
export function changeLog(items: WatchItem[]): string[] {
  return items.flatMap((i) =>
    i.type === 'change' ? i.events.map((e) => `${i.revision} ${e.key}=${e.type === 'put' ? e.value : '<deleted>'}`) : [],
  );
}

/** The store's own history of `prefix` from `revision` until `lastKey` appears, read by a fresh watch on healthy members. */
export async function historyOf(source: KeySource, prefix: string, revision: bigint, lastKey: string): Promise<string[]> {
  const watch = recordWatch(source, [prefix], revision);
  try {
    await watch.until((items) => changedKeys(items).some(([k]) => k === lastKey));
    // Up to lastKey's first change: a batch may already carry later revisions the watch under test has not waited for.
    const log = changeLog(watch.items);
    const end = log.findIndex((line) => line.split(' ')[1]?.startsWith(`${lastKey}=`));
    return log.slice(0, end + 1);
  } finally {
    await watch.stop();
  }
}

/** Change items' revisions strictly increase: nothing delivered twice. */
export function strictlyIncreasing(items: WatchItem[]): boolean {
  const revisions = items.flatMap((i) => (i.type === 'change' ? [i.revision] : []));
  return revisions.every((r, n) => n === 0 || r > (revisions[n - 1] as bigint));
}

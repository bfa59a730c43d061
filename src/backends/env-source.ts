// KeySource over environment variables, confd's env backend: /database/host ↔ DATABASE_HOST.
import type { KeySource } from './key-source.js';
import type { Snapshot } from '../keys/snapshot.js';
import type { WatchItem } from '../keys/change.js';
import { isUnderPrefix, normalizeKey } from '../keys/prefix.js';

export interface EnvSourceOptions {
  env: Readonly<Record<string, string | undefined>>;
}

/** The environment of a process does not change: one revision, forever. */
const ENV_REVISION = 1n;

/** `/database/host` → `DATABASE_HOST` (leading `/` dropped, `/` → `_`, upper-cased). */
export function keyToEnvName(key: string): string {
  return normalizeKey(key).slice(1).replaceAll('/', '_').toUpperCase();
}

/**
 * `DATABASE_HOST` → `/database/host`. Lossy: every `_` becomes `/`, so `/database/host_name` cannot be
 * spelled in the environment (DATABASE_HOST_NAME reads back as `/database/host/name`).
 */
export function envNameToKey(name: string): string {
  return normalizeKey(name.toLowerCase().replaceAll('_', '/'));
}

/**
 * Prefix `/database` takes every variable named `DATABASE` or `DATABASE_…` (exact upper case, as confd).
 * Keys are `/` + lower-cased name with `_` → `/`; a key that does not land under a requested prefix
 * (prefixes with `_` or upper case) is dropped, so a snapshot never holds keys outside its prefixes.
 */
export function createEnvSource(opts: EnvSourceOptions): KeySource {
  const { env } = opts;
  return {
    name: 'env',
    snapshot(prefixes: string[]): Promise<Snapshot> {
      const keys = new Map<string, string>();
      for (const prefix of prefixes) {
        const normal = normalizeKey(prefix);
        const stem = keyToEnvName(normal);
        for (const [name, value] of Object.entries(env)) {
          if (value === undefined) continue;
          if (stem !== '' && name !== stem && !name.startsWith(stem + '_')) continue;
          const key = envNameToKey(name);
          if (isUnderPrefix(key, normal)) keys.set(key, value);
        }
      }
      return Promise.resolve({ revision: ENV_REVISION, keys });
    },
    watch(_prefixes: string[], _revision: bigint, { signal }: { signal: AbortSignal }): AsyncIterable<WatchItem> {
      return waitForAbort(signal);
    },
    close: () => Promise.resolve(),
  };
}

// Nothing ever changes; the iterator only has to end when the signal aborts.
function waitForAbort(signal: AbortSignal): AsyncIterable<WatchItem> {
  const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
  const ended = new Promise<IteratorResult<WatchItem>>((resolve) => {
    if (signal.aborted) resolve(done);
    else signal.addEventListener('abort', () => resolve(done), { once: true });
  });
  let returned = false;
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => (returned ? Promise.resolve(done) : ended),
      return: () => {
        returned = true;
        return Promise.resolve(done);
      },
    }),
  };
}

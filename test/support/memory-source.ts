// In-memory KeySource for unit tests of the daemon (integration tests use a real etcd).
import type { Change, KeyEvent, WatchItem } from '../../src/keys/change.js';
import type { KeySource } from '../../src/backends/key-source.js';
import type { Snapshot } from '../../src/keys/snapshot.js';
import { isUnderPrefix } from '../../src/keys/prefix.js';

export class MemorySource implements KeySource {
  readonly name = 'memory';
  readonly data = new Map<string, string>();
  revision = 1n;
  /** When true, snapshot() rejects as an unreachable store would. */
  down = false;
  snapshots = 0;
  readonly #history: Change[] = [];
  readonly #listeners = new Set<() => void>();

  constructor(initial: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.data.set(k, v);
  }

  /** Apply several events as one revision (a transaction). */
  txn(events: KeyEvent[]): bigint {
    this.revision++;
    for (const e of events) {
      if (e.type === 'put') this.data.set(e.key, e.value);
      else if (e.type === 'delete') this.data.delete(e.key);
    }
    this.#history.push({ type: 'change', revision: this.revision, events });
    for (const l of this.#listeners) l();
    return this.revision;
  }

  put(key: string, value: string): bigint {
    return this.txn([{ type: 'put', key, value }]);
  }

  del(key: string): bigint {
    return this.txn([{ type: 'delete', key }]);
  }

  snapshot(prefixes: string[]): Promise<Snapshot> {
    this.snapshots++;
    if (this.down) return Promise.reject(new Error('memory source is down'));
    const keys = new Map([...this.data].filter(([k]) => prefixes.some((p) => isUnderPrefix(k, p))));
    return Promise.resolve({ revision: this.revision, keys });
  }

  async *watch(prefixes: string[], revision: bigint, opts: { signal: AbortSignal }): AsyncIterable<WatchItem> {
    let next = revision + 1n;
    while (!opts.signal.aborted) {
      const change = this.#history.find((c) => c.revision >= next);
      if (change) {
        next = change.revision + 1n;
        const events = change.events.filter((e) => prefixes.some((p) => isUnderPrefix(e.key, p)));
        if (events.length > 0) yield { ...change, events };
        continue;
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.#listeners.delete(done);
          opts.signal.removeEventListener('abort', done);
          resolve();
        };
        this.#listeners.add(done);
        opts.signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

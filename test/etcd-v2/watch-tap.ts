// Consumes a watch in the background so tests can await the items they expect (no sleeps).
import type { KeyEvent, WatchItem } from '../../src/keys/change.js';

export class WatchTap {
  readonly items: WatchItem[] = [];
  readonly done: Promise<void>;
  error: unknown;
  #waiters = new Set<() => void>();

  constructor(iterable: AsyncIterable<WatchItem>) {
    this.done = (async () => {
      try {
        for await (const item of iterable) {
          this.items.push(item);
          this.#notify();
        }
      } catch (error) {
        this.error = error;
      } finally {
        this.#notify();
      }
    })();
  }

  /** Every key event seen so far, flattened. */
  get events(): KeyEvent[] {
    return this.items.flatMap((i) => (i.type === 'change' ? i.events : []));
  }

  /** Resolves once `check(items)` holds; rejects after `timeoutMs` showing what did arrive. */
  async until(check: (tap: WatchTap) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.items, bigintJson)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, left);
        function wake(): void {
          clearTimeout(timer);
          resolve();
        }
        this.#waiters.add(wake);
      });
    }
  }

  /** Waits for a put of key=value. */
  async put(key: string, value: string, timeoutMs?: number): Promise<void> {
    await this.until((t) => t.events.some((e) => e.type === 'put' && e.key === key && e.value === value), `put ${key}=${value}`, timeoutMs);
  }

  #notify(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const w of waiters) w();
  }
}

function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

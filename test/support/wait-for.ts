import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Poll `check` until it returns a truthy value or the deadline passes. Used only where the thing
 * awaited happens in another process (a file written by a child, etcd state) and has no event to await.
 */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000, everyMs = 10): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await sleep(everyMs);
  }
}

// Exponential backoff with full jitter, for retrying the store.
import { setTimeout as sleep } from 'node:timers/promises';

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
}

export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const initial = opts.initialMs ?? 100;
  const max = opts.maxMs ?? 5_000;
  const ceiling = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Sleep for the attempt's delay; rejects with AbortError when the signal aborts. */
export async function sleepBackoff(attempt: number, signal: AbortSignal, opts?: BackoffOptions): Promise<void> {
  await sleep(backoffDelay(attempt, opts), undefined, { signal });
}

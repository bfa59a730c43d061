// Retry delays: every retry loop in confetti picks one of the named policies below instead of its own formula.
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Capped exponential backoff: retry n (1-based) waits up to min(maxMs, initialMs × 2^(n-1)).
 * 'equal' jitter (AWS's name) waits half of that step plus up to the other half at random, so clients restarted
 * together spread out yet never retry sooner than half the step; 'none' waits the full step.
 */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly jitter: 'none' | 'equal';
}

/** A store read (snapshot) that failed: 50–100 ms, doubling, at most 1–2 s, so a member back up is read quickly. */
export const SNAPSHOT_RETRY: BackoffPolicy = { initialMs: 100, maxMs: 2_000, jitter: 'equal' };

/** A watch (stream or long-poll) that broke: 50–100 ms, doubling, at most 2.5–5 s. */
export const WATCH_RETRY: BackoffPolicy = { initialMs: 100, maxMs: 5_000, jitter: 'equal' };

/** A failed render, check or reload: 1 s, doubling, at most 60 s (docs/configuration.md); per resource, so no jitter. */
export const RENDER_RETRY: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, jitter: 'none' };

/** Delay before retry `retry` (1 = the first retry after one failure); `random` returns [0, 1). */
export function backoffDelay(policy: BackoffPolicy, retry: number, random: () => number = Math.random): number {
  // The exponent is capped so 2 ** n stays finite; any cap past log2(maxMs / initialMs) gives the same delays.
  const step = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(Math.max(retry - 1, 0), 30));
  return policy.jitter === 'none' ? step : step / 2 + (step / 2) * random();
}

/** Sleep before retry `retry`; rejects with an AbortError when the signal aborts. */
export async function sleepBackoff(policy: BackoffPolicy, retry: number, signal: AbortSignal, random?: () => number): Promise<void> {
  await sleep(backoffDelay(policy, retry, random), undefined, { signal });
}

import { describe, expect, it } from 'vitest';
import { backoffDelay, RENDER_RETRY, SNAPSHOT_RETRY, WATCH_RETRY, type BackoffPolicy } from './backoff.js';

const retries = [1, 2, 3, 4, 5, 6, 7];
const delays = (policy: BackoffPolicy, random: number): number[] => retries.map((n) => backoffDelay(policy, n, () => random));

describe('backoffDelay', () => {
  it('with equal jitter waits between half the capped doubling step and the whole step', () => {
    const policy: BackoffPolicy = { initialMs: 100, maxMs: 1_000, jitter: 'equal' };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 0.5))).toEqual([75, 150, 300, 600, 750]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('without jitter waits the step exactly and never calls the random source', () => {
    const random = (): number => {
      throw new Error('random called');
    };
    expect(retries.map((n) => backoffDelay(RENDER_RETRY, n, random))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000]);
  });

  it('stays at the cap for very many retries', () => {
    expect(backoffDelay(RENDER_RETRY, 10_000)).toBe(60_000);
    expect(backoffDelay(WATCH_RETRY, 10_000, () => 0)).toBe(2_500);
  });

  it('keeps the delays each loop had before the policies were shared', () => {
    // take-snapshot: 100 ms doubling to 2 s, equal jitter.
    expect(delays(SNAPSHOT_RETRY, 0)).toEqual([50, 100, 200, 400, 800, 1_000, 1_000]);
    expect(delays(SNAPSHOT_RETRY, 1)).toEqual([100, 200, 400, 800, 1_600, 2_000, 2_000]);
    // The daemon's watch resume and both etcd watches: 100 ms doubling to 5 s, equal jitter.
    expect(delays(WATCH_RETRY, 0)).toEqual([50, 100, 200, 400, 800, 1_600, 2_500]);
    expect(delays(WATCH_RETRY, 1)).toEqual([100, 200, 400, 800, 1_600, 3_200, 5_000]);
  });
});

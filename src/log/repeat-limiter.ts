// Lets the first record of a kind through, then at most one per window; the next one carries how many were dropped.
export class RepeatLimiter {
  readonly #windowMs: number;
  readonly #last = new Map<string, { at: number; dropped: number }>();

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  /** undefined = drop this one; a number = log it, that many were dropped since the last one logged. */
  take(key: string, now = Date.now()): number | undefined {
    const seen = this.#last.get(key);
    if (seen !== undefined && now - seen.at < this.#windowMs) {
      seen.dropped++;
      return undefined;
    }
    this.#last.set(key, { at: now, dropped: 0 });
    return seen?.dropped ?? 0;
  }

  /** Forget `key`, so its next record is logged at once (a state change). */
  reset(key: string): void {
    this.#last.delete(key);
  }
}

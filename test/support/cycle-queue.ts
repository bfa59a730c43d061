import type { CycleResult } from '../../src/daemon/cycle.js';

/** Collects daemon cycles so a test can await the next one instead of sleeping. */
export class CycleQueue {
  readonly all: CycleResult[] = [];
  #waiters: Array<{ pred: (c: CycleResult) => boolean; resolve: (c: CycleResult) => void }> = [];

  push = (cycle: CycleResult): void => {
    this.all.push(cycle);
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.pred(cycle)) return true;
      w.resolve(cycle);
      return false;
    });
  };

  /** The next cycle (after this call) matching `pred`. */
  next(pred: (c: CycleResult) => boolean = () => true, timeoutMs = 10_000): Promise<CycleResult> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching cycle within ${timeoutMs} ms (saw ${this.all.length})`)), timeoutMs);
      this.#waiters.push({
        pred,
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
      });
    });
  }
}

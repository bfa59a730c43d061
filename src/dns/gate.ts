// A limit on concurrent tasks that cannot be cancelled (getaddrinfo on libuv's thread pool).

/** Runs at most `limit` tasks at once; a caller whose signal aborts stops waiting (its task, if started, runs on). */
export class Gate {
  /** Tasks running now. */
  #running = 0;
  /** Callers waiting for a slot, in order. */
  readonly #queue: (() => void)[] = [];
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    await this.#acquire(signal);
    const done = task().finally(() => this.#release());
    return raceAbort(done, signal);
  }

  async #acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.#running < this.#limit) {
      this.#running++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = (): void => {
        signal.removeEventListener('abort', abort);
        resolve();
      };
      const abort = (): void => {
        const i = this.#queue.indexOf(waiter);
        if (i !== -1) this.#queue.splice(i, 1);
        reject(signal.reason as Error);
      };
      this.#queue.push(waiter);
      signal.addEventListener('abort', abort, { once: true });
    });
  }

  // A freed slot passes straight to the next waiter.
  #release(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#running--;
  }
}

// Settles with `promise`, or rejects with the signal's reason when it aborts first.
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(signal.reason as Error);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

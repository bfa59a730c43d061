// Lets the feed, the DNS refresher and control requests wake the render loop early; the loop otherwise sleeps until the next resource is due.
export class Waker {
  #resolve: (() => void) | undefined;
  #pending = false;

  notify(): void {
    this.#pending = true;
    this.#resolve?.();
  }

  /** Resolve on notify(), after `ms` (undefined = no timeout), or when the signal aborts. */
  async wait(ms: number | undefined, signal: AbortSignal): Promise<void> {
    if (this.#pending || signal.aborted) {
      this.#pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      const onAbort = (): void => done();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#resolve = done;
      function done(): void {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve();
      }
    });
    this.#resolve = undefined;
    this.#pending = false;
  }
}

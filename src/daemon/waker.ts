// Lets the feed, the DNS refresher and control requests wake the render loop early; the loop otherwise sleeps until the next resource is due.
export class Waker {
  #resolve: (() => void) | undefined;
  #pending = false;
  /** The signal whose abort wakes a wait: one listener for the daemon's life rather than one added and removed per wait. */
  #listening: AbortSignal | undefined;

  notify(): void {
    this.#pending = true;
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.();
  }

  /** Resolve on notify(), after `ms` (undefined = no timeout), or when the signal aborts. */
  async wait(ms: number | undefined, signal: AbortSignal): Promise<void> {
    if (this.#pending || signal.aborted) {
      this.#pending = false;
      return;
    }
    if (this.#listening !== signal) {
      this.#listening = signal;
      signal.addEventListener('abort', () => this.notify(), { once: true });
    }
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#resolve = resolve;
      if (ms !== undefined) timer = setTimeout(resolve, ms);
    });
    if (timer !== undefined) clearTimeout(timer);
    this.#resolve = undefined;
    this.#pending = false;
  }
}

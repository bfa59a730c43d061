// A monotonic clock in milliseconds. Node's global `performance` loads the whole perf_hooks machinery on first use
// (~3 ms of a one-shot start); the process's own high-resolution clock is the same clock without it.
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

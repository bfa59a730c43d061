// V8 flags confetti sets on itself: a sidecar's RSS is mostly the heap V8 keeps committed once changes flow.
import { setFlagsFromString } from 'node:v8';

/**
 * `--semi-space-growth-factor=1` keeps the young generation at its initial 1 MiB semi-spaces instead of letting it
 * grow to 16 MiB each under a high allocation rate; `--heap-growing-percent=30` lets the old generation grow 1.3×
 * past the live heap before the next full GC instead of up to 4×. `--max-semi-space-size` would be the usual flag,
 * but it only counts at process start, which an entry run as `node dist/confetti.js` or as the single executable does
 * not control; these two are read at every GC, so setting them here works (heap-flags.test.ts checks them on each
 * Node we ship for). bench/watch.mjs --only rss, 30 s of changes to 10 keys (load 5.3, Node 20): VmRSS 120 → 95 MiB
 * with the first flag and growing, 76 MiB and flat with both; committed heap 65 → 38 → 21.5 MB. Cost: bench:watch
 * latency, put → file p50 at 10,000 keys 5.7–7.4 ms against 5.2–7.0 for main's build (10 keys: 4.6–4.8 vs 4.2–4.7),
 * within the noise of load 2.4–3.4; one-shot of 10,000 keys 584 vs 563 ms without the flags (interleaved, load ~15).
 * Only for `confetti watch` (runWatch); scripts/loader.js sets the same flags for it before compiling the bundle
 * (V8's code cache is keyed by the flags). A one-shot is faster without: 300 resources 724 vs 777 ms (load 2.8).
 * Tried at run time and left out (docs/performance.md, "second pass"): `--single-threaded-gc` and the no-parallel /
 * no-concurrent GC flags changed nothing; `--no-opt` cut 3 keys to 1.35 ms per change (vs 1.6-1.8) and 58 MiB (vs
 * 65-73) but doubled 10,000 keys to 6-9 ms per change.
 */
export const HEAP_FLAGS = '--semi-space-growth-factor=1 --heap-growing-percent=30';

export function setHeapFlags(): void {
  setFlagsFromString(HEAP_FLAGS);
}

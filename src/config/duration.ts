// Go-style durations ("500ms", "1m30s", "1.5h"); a bare number means seconds, as confd's interval does.
import { describeType } from '../errors.js';
import { InvalidValue } from './invalid-value.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const BARE_NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
// µ (U+00B5) and μ (U+03BC) escaped: esbuild keeps regex literals as written, and one non-ASCII character makes V8
// hold the whole bundle as UTF-16 (scripts/esbuild-options.mjs and scripts/build-binary.mjs check).
const GO_DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$/;
const GO_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/g;

const HINT = 'must be a duration such as "500ms", "10s", "1m30s" or a number of seconds';

/** Node's timers take at most 2³¹−1 ms; a longer delay fires after 1 ms (TimeoutOverflowWarning). */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** Refuses a duration no timer can wait for. */
function checkDurationLimit(ms: number, written: unknown): number {
  if (ms <= MAX_DURATION_MS) return ms;
  const shown = typeof written === 'string' ? JSON.stringify(written) : String(written);
  throw new InvalidValue(
    `must be at most ${formatDuration(MAX_DURATION_MS)} (${MAX_DURATION_MS} ms, the longest a timer can wait), got ${shown}`,
  );
}

/** Milliseconds (rounded to whole ms) for a duration string or a number of seconds. */
export function parseDuration(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new InvalidValue(`${HINT}, got ${value}`);
    return checkDurationLimit(Math.round(value * 1000), value);
  }
  if (typeof value !== 'string') throw new InvalidValue(`${HINT}, got ${describeType(value, 'with value')}`);
  const text = value.trim();
  if (BARE_NUMBER.test(text)) return checkDurationLimit(Math.round(Number(text) * 1000), value);
  if (!GO_DURATION.test(text)) throw new InvalidValue(`${HINT}, got ${JSON.stringify(value)}`);
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(GO_PART)) ms += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  return checkDurationLimit(Math.round(ms), value);
}

/** A duration that must be above zero (timeouts, intervals). */
export function parsePositiveDuration(value: unknown): number {
  const ms = parseDuration(value);
  if (ms <= 0) throw new InvalidValue(`must be longer than 0, got ${JSON.stringify(value)}`);
  return ms;
}

/** Short Go-style text for messages: 1500 → "1.5s", 90000 → "1m30s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}

// Quiescence windows: "2s" (max = 4 × min), "2s:10s", a number of seconds, or { min, max }.
import type { WaitWindow } from './resource.js';
import { describeType } from '../errors.js';
import { formatDuration, MAX_DURATION_MS, parseDuration } from './duration.js';
import { InvalidValue } from './invalid-value.js';

/** max defaults to this many times min, as consul-template's wait does. */
export const WAIT_MAX_FACTOR = 4;

export function parseWait(value: unknown): WaitWindow {
  if (typeof value === 'string' && value.includes(':')) {
    const [min, max, ...rest] = value.split(':');
    if (rest.length > 0) throw new InvalidValue(`must be "min" or "min:max", got ${JSON.stringify(value)}`);
    return window(parseDuration(min), parseDuration(max), []);
  }
  if (typeof value === 'string' || typeof value === 'number') {
    const minMs = parseDuration(value);
    return { minMs, maxMs: derivedMax(minMs, value, []) };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { min, max } = value as { min?: unknown; max?: unknown };
    const minMs = at(['min'], () => parseDuration(min));
    const maxMs = max === undefined ? derivedMax(minMs, min, ['min']) : at(['max'], () => parseDuration(max));
    return window(minMs, maxMs, ['max']);
  }
  throw new InvalidValue(`must be a duration, "min:max" or { min, max }, got ${describeType(value, 'with value')}`);
}

// max = 4 × min must fit a timer too; reported at min, the value the user wrote.
function derivedMax(minMs: number, written: unknown, path: string[]): number {
  const maxMs = minMs * WAIT_MAX_FACTOR;
  if (maxMs <= MAX_DURATION_MS) return maxMs;
  const longest = formatDuration(MAX_DURATION_MS);
  throw new InvalidValue(
    `max (${WAIT_MAX_FACTOR} × min) would be ${formatDuration(maxMs)}, longer than the longest a timer can wait (${longest}); give a shorter min or a max, got ${JSON.stringify(written)}`,
    path,
  );
}

function window(minMs: number, maxMs: number, maxPath: string[]): WaitWindow {
  if (maxMs < minMs) {
    throw new InvalidValue(`max ${formatDuration(maxMs)} is shorter than min ${formatDuration(minMs)}`, maxPath);
  }
  return { minMs, maxMs };
}

function at<T>(path: string[], parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidValue) throw new InvalidValue(error.message, [...path, ...error.path]);
    throw error;
  }
}

// Quiescence windows: "2s" (max = 4 × min), "2s:10s", a number of seconds, or { min, max }.
import type { WaitWindow } from './resource.js';
import { describeType, formatDuration, parseDuration } from './duration.js';
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
    return { minMs, maxMs: minMs * WAIT_MAX_FACTOR };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { min, max } = value as { min?: unknown; max?: unknown };
    const minMs = at(['min'], () => parseDuration(min));
    const maxMs = max === undefined ? minMs * WAIT_MAX_FACTOR : at(['max'], () => parseDuration(max));
    return window(minMs, maxMs, ['max']);
  }
  throw new InvalidValue(`must be a duration, "min:max" or { min, max }, got ${describeType(value)}`);
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

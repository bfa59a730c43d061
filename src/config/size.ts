// Byte sizes: a number of bytes, or "64MiB". Single letters K/M/G are binary (as nginx and docker read
// "64m"); KB/MB/GB are decimal (SI); KiB/MiB/GiB and Ki/Mi/Gi are binary.
import { InvalidValue } from './invalid-value.js';

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  ki: 1024,
  kib: 1024,
  kb: 1000,
  m: 1024 ** 2,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  mb: 1000 ** 2,
  g: 1024 ** 3,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  gb: 1000 ** 3,
};

const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;
const HINT = 'must be a size such as 65536, "512KiB" or "64MiB"';

/** Whole bytes, above zero. */
export function parseSize(value: unknown): number {
  let bytes: number;
  if (typeof value === 'number') {
    bytes = value;
  } else if (typeof value === 'string') {
    const match = SIZE.exec(value.trim());
    const unit = UNITS[(match?.[2] ?? '?').toLowerCase()];
    if (!match || unit === undefined) throw new InvalidValue(`${HINT}, got ${JSON.stringify(value)}`);
    bytes = Number(match[1]) * unit;
  } else {
    throw new InvalidValue(HINT);
  }
  if (!Number.isFinite(bytes) || bytes < 1) throw new InvalidValue(`${HINT} (at least 1 byte), got ${String(value)}`);
  return Math.floor(bytes);
}

/** 67108864 → "64MiB"; sizes that are no whole KiB/MiB/GiB stay bytes. */
export function formatSize(bytes: number): string {
  for (const [unit, factor] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}

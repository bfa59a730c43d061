// File modes are octal digits, like chmod: "0644", "644", "0o644" and YAML's `mode: 0644` all mean rw-r--r--.
// (confd passes "644" to ParseUint base 0, which reads it as decimal; we do not copy that.)
import { InvalidValue } from './invalid-value.js';

const OCTAL = /^(?:0o)?([0-7]{1,4})$/i;

/**
 * Mode bits from a mode string, or from a number as it was written (pass the source text when the
 * parser kept it: YAML turns `0644` into 644 and `0o644` into 420, and only the text tells them apart).
 */
export function parseMode(value: unknown, sourceText?: string): number {
  const text = typeof value === 'number' ? (sourceText ?? String(value)) : value;
  if (typeof text !== 'string') throw new InvalidValue('must be an octal mode such as "0644"');
  const match = OCTAL.exec(text.trim());
  if (!match?.[1]) throw new InvalidValue(`must be an octal mode such as "0644", got ${JSON.stringify(text)}`);
  return parseInt(match[1], 8);
}

export function formatMode(mode: number): string {
  return '0' + mode.toString(8).padStart(3, '0');
}

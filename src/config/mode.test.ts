import { describe, expect, it } from 'vitest';
import { InvalidValue } from './invalid-value.js';
import { formatMode, parseMode } from './mode.js';

describe('parseMode', () => {
  it.each([
    ['0644', 0o644],
    ['644', 0o644],
    ['0o640', 0o640],
    ['0600', 0o600],
    ['4755', 0o4755],
    ['0', 0],
  ])('reads %j as octal', (text, mode) => {
    expect(parseMode(text)).toBe(mode);
  });

  it('reads a number by its digits, like chmod (YAML `mode: 0644` arrives as 644)', () => {
    expect(parseMode(644)).toBe(0o644);
  });

  it('prefers the source text of a number, which tells 0o644 (420) from 0644 (644)', () => {
    expect(parseMode(420, '0o644')).toBe(0o644);
    expect(parseMode(644, '0644')).toBe(0o644);
  });

  it.each(['0888', 'rw-r--r--', '', '077777', '0x1a4', '6.44'])('rejects %j', (text) => {
    expect(() => parseMode(text)).toThrow(InvalidValue);
    expect(() => parseMode(text)).toThrow(/octal mode such as "0644"/);
  });

  it('rejects a number with digits 8 or 9 and non-scalars', () => {
    expect(() => parseMode(420 + 9)).toThrow(InvalidValue);
    expect(() => parseMode(true)).toThrow(InvalidValue);
  });

  it('formats modes back as four octal digits', () => {
    expect(formatMode(0o644)).toBe('0644');
    expect(formatMode(0o4755)).toBe('04755');
  });
});

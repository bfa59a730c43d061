import { describe, expect, it } from 'vitest';
import { InvalidValue } from './invalid-value.js';
import { parseSize } from './size.js';

describe('parseSize', () => {
  it.each([
    [65536, 65536],
    ['65536', 65536],
    ['100B', 100],
    ['512KiB', 512 * 1024],
    ['64MiB', 64 * 1024 * 1024],
    ['64mi', 64 * 1024 * 1024],
    ['64M', 64 * 1024 * 1024],
    ['1GiB', 1024 ** 3],
    ['10MB', 10_000_000],
    ['1.5KiB', 1536],
    ['2 kb', 2000],
  ])('reads %j as %d bytes', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  it.each(['', 'lots', '64XB', '-1', 0, -5, '0', true])('rejects %j', (input) => {
    expect(() => parseSize(input)).toThrow(InvalidValue);
  });
});

import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parsePositiveDuration } from './duration.js';
import { InvalidValue } from './invalid-value.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    ['2h45m', 9_900_000],
    ['1500us', 2],
    ['1500\u00b5s', 2], // µ, the micro sign Go writes
    ['1500\u03bcs', 2], // μ, the Greek letter Go also reads
    ['1000000ns', 1],
    ['0', 0],
    ['0s', 0],
    [' 2s ', 2000],
  ])('reads Go-style %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('reads bare integers as seconds, as confd reads interval', () => {
    expect(parseDuration('30')).toBe(30_000);
    expect(parseDuration(30)).toBe(30_000);
    expect(parseDuration(0.5)).toBe(500);
    expect(parseDuration('0.25')).toBe(250);
  });

  it.each(['', 'ten seconds', '5x', '-1s', '1d', 's', '1m 30s', '1.2.3s'])('rejects %j with a hint', (text) => {
    expect(() => parseDuration(text)).toThrow(InvalidValue);
    expect(() => parseDuration(text)).toThrow(/duration such as "500ms"/);
  });

  it('rejects negative numbers and non-scalars', () => {
    expect(() => parseDuration(-1)).toThrow(InvalidValue);
    expect(() => parseDuration(true)).toThrow(/got boolean true/);
    expect(() => parseDuration({ min: 1 })).toThrow(/got a mapping/);
  });

  it('parsePositiveDuration refuses zero', () => {
    expect(() => parsePositiveDuration('0s')).toThrow(/longer than 0/);
    expect(parsePositiveDuration('1ms')).toBe(1);
  });
});

describe('formatDuration', () => {
  it.each([
    [250, '250ms'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('the timer limit (2³¹−1 ms)', () => {
  it('accepts the longest duration a timer can wait', () => {
    expect(parseDuration('596h31m23.647s')).toBe(2 ** 31 - 1);
  });

  it.each(['9999h', '596h31m23.648s', '99999999s', '2147484', 2147484])('refuses %j, naming the maximum', (value) => {
    expect(() => parseDuration(value)).toThrow(InvalidValue);
    expect(() => parsePositiveDuration(value)).toThrow(
      /must be at most 596h31m23\.647s \(2147483647 ms, the longest a timer can wait\), got/,
    );
  });
});

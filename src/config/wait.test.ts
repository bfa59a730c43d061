import { describe, expect, it } from 'vitest';
import { InvalidValue } from './invalid-value.js';
import { parseWait } from './wait.js';

describe('parseWait', () => {
  it('takes max as 4 × min when only min is given', () => {
    expect(parseWait('2s')).toEqual({ minMs: 2000, maxMs: 8000 });
    expect(parseWait(3)).toEqual({ minMs: 3000, maxMs: 12_000 });
    expect(parseWait({ min: '500ms' })).toEqual({ minMs: 500, maxMs: 2000 });
  });

  it('reads "min:max" and { min, max }', () => {
    expect(parseWait('2s:10s')).toEqual({ minMs: 2000, maxMs: 10_000 });
    expect(parseWait({ min: '2s', max: '1m' })).toEqual({ minMs: 2000, maxMs: 60_000 });
  });

  it('rejects max shorter than min, pointing at max', () => {
    expect(() => parseWait('10s:2s')).toThrow(/max 2s is shorter than min 10s/);
    try {
      parseWait({ min: '10s', max: '2s' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidValue);
      expect((error as InvalidValue).path).toEqual(['max']);
    }
  });

  it('names the bad part of an object', () => {
    try {
      parseWait({ min: 'soon' });
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidValue).path).toEqual(['min']);
    }
  });

  it.each(['1s:2s:3s', [1, 2], null, 'x'])('rejects %j', (value) => {
    expect(() => parseWait(value)).toThrow(InvalidValue);
  });
});

describe('wait and the timer limit', () => {
  it('refuses a min whose derived max (4 × min) no timer can wait for, at min', () => {
    expect(() => parseWait('200h')).toThrow(/max \(4 × min\) would be 800h, longer than the longest a timer can wait \(596h31m23\.647s\)/);
    expect(() => parseWait({ min: '200h' })).toThrow(expect.objectContaining({ path: ['min'] }));
    expect(parseWait({ min: '200h', max: '500h' })).toEqual({ minMs: 720_000_000, maxMs: 1_800_000_000 });
  });

  it('refuses a max over the limit, at max', () => {
    expect(() => parseWait({ min: '1s', max: '9999h' })).toThrow(
      expect.objectContaining({ path: ['max'], message: expect.stringMatching(/at most 596h31m23\.647s/) }),
    );
    expect(() => parseWait('1s:9999h')).toThrow(/at most 596h31m23\.647s/);
  });
});

import { describe, expect, it } from 'vitest';
import { describeType } from './errors.js';

describe('describeType', () => {
  it('names containers and missing values the same way in both modes', () => {
    for (const show of ['with value', 'type only'] as const) {
      expect([null, undefined, [1], { a: 1 }].map((v) => describeType(v, show))).toEqual(['null', 'nothing', 'a list', 'a mapping']);
    }
  });

  it('shows a scalar only when asked: key values may be secrets', () => {
    expect(describeType('s3cret', 'type only')).toBe('string');
    expect(describeType(42, 'type only')).toBe('number');
    expect(describeType('loud', 'with value')).toBe('"loud"');
    expect(describeType(true, 'with value')).toBe('boolean true');
  });
});

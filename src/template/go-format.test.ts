import { describe, expect, it } from 'vitest';
import { formatGoValue } from './go-format.js';
import { render } from './test-support.js';

// Expected strings printed by Go 1.19's fmt.Sprint of the corresponding Go values.
describe('formatGoValue (Go %v)', () => {
  it('prints strings as they are and integers as Go ints', () => {
    expect(formatGoValue('a b')).toBe('a b');
    expect(formatGoValue(42)).toBe('42');
    expect(formatGoValue(-9007199254740991)).toBe('-9007199254740991');
    expect(formatGoValue(-0)).toBe('0');
  });

  it('prints other numbers as Go float64 %v (shortest, exponent from 1e-5 and 1e+06)', () => {
    const floats = [1.5, 1e-7, 1500000.5, 123456.5, 0.0001, 0.00001, 0.1 + 0.2, 1e21, 1.7976931348623157e308, 5e-324];
    expect(floats.map(formatGoValue).join(' ')).toBe(
      '1.5 1e-07 1.5000005e+06 123456.5 0.0001 1e-05 0.30000000000000004 1e+21 1.7976931348623157e+308 5e-324',
    );
    expect([Infinity, -Infinity, NaN].map(formatGoValue).join(' ')).toBe('+Inf -Inf NaN');
  });

  it('prints booleans, nil and a missing value', () => {
    expect([true, false, null, undefined].map(formatGoValue).join('|')).toBe('true|false|<nil>|<no value>');
  });

  it('prints arrays and maps (sorted keys) with their elements in %v', () => {
    expect(formatGoValue(['a', 1, 1.5, [true, null]])).toBe('[a 1 1.5 [true <nil>]]');
    expect(formatGoValue([])).toBe('[]');
    expect(formatGoValue({ b: 1, a: 'x', c: { z: [] } })).toBe('map[a:x b:1 c:map[z:[]]]');
    expect(formatGoValue(Object.create(null) as object)).toBe('map[]');
    // Go sorts map keys by bytes: U+FFFD (EF BF BD) before U+1F600 (F0 …), the reverse of UTF-16 order.
    expect(formatGoValue({ '😀': 1, '\uFFFD': 2 })).toBe('map[\uFFFD:2 😀:1]');
  });

  it("prints a mirror entry as confd's KVPair, an unfrozen look-alike as a map", () => {
    expect(formatGoValue(Object.freeze({ key: '/a', value: '1' }))).toBe('{/a 1}');
    expect(formatGoValue([Object.freeze({ key: '/a', value: '1' }), Object.freeze({ key: '/b', value: '2' })])).toBe('[{/a 1} {/b 2}]');
    expect(formatGoValue({ key: '/a', value: '1' })).toBe('map[key:/a value:1]');
  });

  it('prints what get and gets return as confd did', () => {
    expect(render('{{print (get "/a")}} {{print (gets "/*")}}', { '/a': '1', '/b': '2' })).toBe('{/a 1} [{/a 1} {/b 2}]');
  });
});

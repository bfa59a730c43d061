import { describe, expect, it } from 'vitest';
import { sprintf } from './go-printf.js';
import { render, renderFailure } from './test-support.js';

// Every expected string below was printed by Go 1.19's fmt.Sprintf with the same format and arguments.
const GO_CASES: [format: string, args: unknown[], out: string][] = [
  [
    '%d|%5d|%-5d|%05d|%+d|% d|%x|%X|%#x|%o|%#o|%O|%b|%#b',
    [42, 42, 42, -42, 42, 42, 255, 255, 255, 8, 8, 8, 5, 5],
    '42|   42|42   |-0042|+42| 42|ff|FF|0xff|10|010|0o10|101|0b101',
  ],
  [
    '%.3d|%8.3d|%08.3d|%.0d|%5.0d|%#08x|%+05d|%-08d|',
    [7, 7, 7, 0, 0, 255, 42, -3],
    '007|     007|     007||     |0x000000ff|+0042|-3      |',
  ],
  [
    '%c|%c|%q|%+q|%U|%#U|%#U|%c',
    [65, 0x1f600, 120, 0xe9, 0x1f600, 65, 0x1f600, -1],
    "A|😀|'x'|'\\u00e9'|U+1F600|U+0041 'A'|U+1F600 '😀'|\uFFFD",
  ],
  [
    '%s|%10s|%-10s|%.2s|%5.1s|%q|%+q|%#q|%#q|%x|%X|% x|%#x|%# X|%010s',
    ['héllo', 'héllo', 'héllo', 'héllo', 'héllo', 'a"b\n\tc\x01\x7fé\u00a0😀', 'é😀', 'a`b', 'ab', 'hé', 'hé', 'abc', 'abc', 'abc', 'ab'],
    'héllo|     héllo|héllo     |hé|    h|"a\\"b\\n\\tc\\x01\\x7fé\\u00a0😀"|"\\u00e9\\U0001f600"|"a`b"|`ab`|68c3a9|68C3A9|61 62 63|0x616263|0X61 0X62 0X63|00000000ab',
  ],
  ['%v|%v|%v|%v|%t|%v|%5t', ['s', 12, 1.5, true, false, null, true], 's|12|1.5|true|false|<nil>| true'],
  [
    '%e|%E|%f|%F|%g|%G|%.2e|%.0f|%.0f|%.0f|%.1f|%8.3f|%-8.3f|%08.3f|%+.2f|% .2f',
    [1234.5678, 1234.5678, 1234.5678, 1234.5678, 1234.5678, 1e-10, 2.5e10, 0.5, 1.5, 2.5, 0.05, 3.14159, 3.14159, -3.14159, 3.0, 3.0],
    '1.234568e+03|1.234568E+03|1234.567800|1234.567800|1234.5678|1E-10|2.50e+10|0|2|2|0.1|   3.142|3.142   |-003.142|+3.00| 3.00',
  ],
  [
    '%g|%g|%g|%g|%.3g|%.3g|%.10g|%g|%g|%#g|%#.3g|%#.0f|%#e|%v|%v|%v',
    [
      100000.0,
      1000000.0,
      1e-5,
      0.0001,
      1234.5678,
      0.00012345,
      1.0 / 3,
      1e21,
      123456789.0,
      1.5,
      2.0,
      3.0,
      1.0,
      1e-7,
      1.5e6 + 0.5,
      0.1 + 0.2,
    ],
    '100000|1e+06|1e-05|0.0001|1.23e+03|0.000123|0.3333333333|1e+21|1.23456789e+08|1.50000|2.00|3.|1.000000e+00|1e-07|1.5000005e+06|0.30000000000000004',
  ],
  [
    '%f|%.2f|%e|%g|%.0e|%.1e|%.2f|%.2f|%.3f|%f',
    [1e21, 1e-3, 0.0, 0.0, 2.5, 0.125, 1.005, 2.675, 1.0005, 5e-324],
    '1000000000000000000000.000000|0.00|0.000000e+00|0|2e+00|1.2e-01|1.00|2.67|1.000|0.000000',
  ],
  [
    '%v|%d|%s|%q|%5v|%x',
    [
      ['a', 1],
      [1, 2],
      ['a', 'b'],
      ['a', 'b'],
      [1, 2],
      ['ab', 'c'],
    ],
    '[a 1]|[1 2]|[a b]|["a" "b"]|[    1     2]|[6162 63]',
  ],
  ['%v|%s|%v', [{ b: 1, a: 'x' }, { k: 'v' }, {}], 'map[a:x b:1]|map[k:v]|map[]'],
  ['%*d|%-*d|%.*f|%*s|%%|%5%', [5, 42, 5, 42, 2, 3.14159, -4, 'ab'], '   42|42   |3.14|ab  |%|%'],
  [
    '%6.2f|%-6.1e|%+g|%+v|% g|%010.3f|%+010.3f|%-010.3f',
    [3.14159, 1234.5, 1.5, 2, 1.5, -3.14159, 3.14159, 3.14159],
    '  3.14|1.2e+03|+1.5|2| 1.5|-00003.142|+00003.142|3.142     ',
  ],
  ['%.3x|%.1q|%8q|%-8q|%08q', ['abcdef', 'abc', 'ab', 'ab', 'ab'], '616263|"a"|    "ab"|"ab"    |0000"ab"'],
  ['%05s|%-05s|%05v|%05t|%05.1f', ['ab', 'ab', 'ab', true, 2.25], '000ab|ab   |000ab|0true|002.2'],
  ['%d|%d|%x|%q', [-9007199254740991, 9007199254740991, -255, '\x00'], '-9007199254740991|9007199254740991|-ff|"\\x00"'],
  ['%v %v', [Object.freeze({ key: 'k', value: 'v' }), [Object.freeze({ key: '/a', value: '1' })]], '{k v} [{/a 1}]'],
];

describe('printf (Go fmt.Sprintf)', () => {
  it.each(GO_CASES)('%s', (format, args, out) => {
    expect(sprintf(format, args)).toBe(out);
  });

  it('reads numeric verbs from key values, which are strings', () => {
    expect(sprintf('%d|%05d|%x|%.2f|%e', ['42', '-7', '255', '3.14159', '1500'])).toBe('42|-0007|323535|3.14|1.500000e+03');
  });

  it.each([
    ['%d', ['web'], '%d cannot format argument 1 (a string)'],
    ['%s', [5], '%s cannot format argument 1 (an int)'],
    ['%d', [1.5], '%d cannot format argument 1 (a float64)'],
    ['%s', [null], '%s cannot format argument 1 (nil)'],
    ['%s %s', ['a'], '%s has no argument'],
    ['%s', ['a', 'b'], '2 arguments given, the format uses 1'],
    ['%y', ['a'], 'unknown verb %y'],
    ['abc%', [], 'the format ends with a % that has no verb'],
    ['%.*d', [-1, 7], 'the precision from argument 1 is negative'],
    ['%*d', ['x', 7], 'the width * needs an integer, argument 1 is a string'],
    ['%[1]d', [7], 'explicit argument indexes'],
    ['%#v', ['a'], '%#v (Go syntax) is not supported'],
    ['%9999999d', [1], 'width 9999999 is larger than 1000000'],
  ])('refuses %s with an error instead of printing Go %%! text', (format, args, message) => {
    expect(() => sprintf(format, args)).toThrow(message);
  });

  it('never puts an argument value into an error', () => {
    const error = renderFailure('{{printf "%d" (getv "/secret")}}', { '/secret': 's3cr3t-value' });
    expect(error.code).toBe('HELPER_FAILED');
    expect(error.message).toBe('/etc/confetti/templates/test.conf.hbs:1:1: printf: %d cannot format argument 1 (a string)');
    expect(error.message).not.toContain('s3cr3t');
  });

  it('builds keys in templates', () => {
    expect(
      render('{{getv (printf "/services/%s/port" "web")}}|{{printf "%-6s|%3d" "ab" (add 1 2)}}', { '/services/web/port': '8080' }),
    ).toBe('8080|ab    |  3');
  });
});

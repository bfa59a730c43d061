import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { View } from '../mirror/view.js';
import { compilePattern, matchKeys } from './pattern.js';

const view = View.fromEntries(1n, [
  ['/upstream', 'self'],
  ['/upstream/app1', '1'],
  ['/upstream/app2', '2'],
  ['/upstream/app1/weight', 'w'],
  ['/upstreamx/a', 'x'],
  ['/upstream-b/a', 'y'],
  ['/a/b', 'ab'],
  ['/a/x/y/b', 'axyb'],
  ['/a/x/c', 'axc'],
]);

describe('key patterns', () => {
  it('"*" matches within one segment and never crosses "/"', () => {
    expect(matchKeys(view, '/upstream/*')).toEqual(['/upstream/app1', '/upstream/app2']);
  });

  it('a sibling prefix such as /upstreamx is not matched by /upstream/*', () => {
    expect(matchKeys(view, '/upstream/*')).not.toContain('/upstreamx/a');
    expect(matchKeys(view, '/upstream*/a')).toEqual(['/upstream-b/a', '/upstreamx/a']);
  });

  it('"**" crosses segments, and a "**" segment may match none', () => {
    expect(matchKeys(view, '/upstream/**')).toEqual(['/upstream/app1', '/upstream/app1/weight', '/upstream/app2']);
    expect(matchKeys(view, '/a/**/b')).toEqual(['/a/b', '/a/x/y/b']);
  });

  it('"?" matches one character of a segment', () => {
    expect(matchKeys(view, '/upstream/app?')).toEqual(['/upstream/app1', '/upstream/app2']);
    expect(matchKeys(view, '/a?b')).toEqual([]);
  });

  it('character classes, ranges and negation', () => {
    expect(matchKeys(view, '/upstream/app[1]')).toEqual(['/upstream/app1']);
    expect(matchKeys(view, '/upstream/app[0-1]')).toEqual(['/upstream/app1']);
    expect(matchKeys(view, '/upstream/app[^1]')).toEqual(['/upstream/app2']);
    expect(matchKeys(view, '/a[^x]b')).toEqual([]);
  });

  it('a literal pattern matches exactly that key', () => {
    expect(matchKeys(view, '/upstream')).toEqual(['/upstream']);
  });

  it('escapes make meta characters literal', () => {
    const v = View.fromEntries(1n, [
      ['/k/a*b', '1'],
      ['/k/axb', '2'],
    ]);
    expect(matchKeys(v, '/k/a\\*b')).toEqual(['/k/a*b']);
  });

  it('regex characters in keys are literal', () => {
    const v = View.fromEntries(1n, [
      ['/k/a.b', '1'],
      ['/k/axb', '2'],
      ['/k/(x)', '3'],
    ]);
    expect(matchKeys(v, '/k/a.b')).toEqual(['/k/a.b']);
    expect(matchKeys(v, '/k/(*)')).toEqual(['/k/(x)']);
  });

  it('only scans keys under the literal prefix', () => {
    expect(compilePattern('/upstream/*/weight').base).toBe('/upstream');
    expect(compilePattern('/upstream*').base).toBe('/');
    expect(compilePattern('/a/b/c').base).toBe('/a/b/c');
  });

  it('compiles each pattern once', () => {
    expect(compilePattern('/cached/*')).toBe(compilePattern('/cached/*'));
  });

  it('rejects malformed patterns like Go path.Match', () => {
    for (const bad of ['/a/[', '/a/[]', '/a/[z-a]', '/a/\\']) {
      expect(() => compilePattern(bad), bad).toThrow(expect.objectContaining({ code: 'BAD_PATTERN' }));
    }
  });

  it('"*" never matches across "/" (property)', () => {
    const segment = fc.stringMatching(/^[a-z]{1,4}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.array(segment, { minLength: 1, maxLength: 4 }), (head, tail) => {
        const key = '/' + [...head, ...tail].join('/');
        const { regex } = compilePattern('/' + head.join('/') + '/*');
        expect(regex.test(key)).toBe(tail.length === 1);
      }),
    );
  });

  it('the "<dir>/*" and "<dir>/**" shortcuts answer like the regex for every key under the base (property)', () => {
    const segment = fc.stringMatching(/^[a-z*?]{1,3}$/);
    fc.assert(
      fc.property(
        fc.constantFrom('/a/*', '/a/**', '/a/b/*', '/a/b/**'),
        fc.array(segment, { minLength: 0, maxLength: 4 }),
        (pattern, rest) => {
          const { base, regex, test } = compilePattern(pattern);
          const key = [base, ...rest].join('/');
          expect(test(key)).toBe(regex.test(key));
        },
      ),
      { numRuns: 500 },
    );
    const v = View.fromEntries(1n, [
      ['/a', 'self'],
      ['/a/x', '1'],
      ['/a/x/y', '2'],
      ['/a-b/z', 'sibling'],
      ['/ab', 'no'],
    ]);
    expect(matchKeys(v, '/a/*')).toEqual(['/a/x']);
    expect(matchKeys(v, '/a/**')).toEqual(['/a/x', '/a/x/y']);
  });
});

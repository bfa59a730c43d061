import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { shellQuote } from './shell-quote.js';
import { expandCommand } from './expand-command.js';

// printf '%s' prints its argument back; the shell must hand over exactly what we quoted.
const echoBack = (s: string): string => execFileSync('/bin/sh', ['-c', `printf '%s' ${shellQuote(s)}`], { encoding: 'utf8' });

describe('shellQuote', () => {
  it('passes a path full of shell metacharacters through unchanged', () => {
    const nasty = `/tmp/a b;rm -rf x$(id)'q\`uname\`"&|<>*?~!#\\`;
    expect(echoBack(nasty)).toBe(nasty);
  });

  it('quotes the empty string as an empty argument', () => {
    expect(execFileSync('/bin/sh', ['-c', `set -- ${shellQuote('')}; echo $#`], { encoding: 'utf8' })).toBe('1\n');
  });

  it('round-trips any string without NUL through /bin/sh', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0')),
        (s) => {
          expect(echoBack(s)).toBe(s);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('leaves plain paths readable', () => {
    expect(shellQuote('/etc/haproxy/haproxy.cfg')).toBe('/etc/haproxy/haproxy.cfg');
  });
});

describe('expandCommand', () => {
  it('accepts {{src}}, {{ src }} and confd-style {{.src}}', () => {
    const vars = { src: '/a b', dest: '/c' };
    expect(expandCommand('x {{src}} {{ dest }} {{.src}} {{ .dest }}', vars)).toBe(`x '/a b' /c '/a b' /c`);
  });

  it('quotes substituted paths so metacharacters stay inert', () => {
    expect(expandCommand('cat {{src}}', { src: `/tmp/x';touch /tmp/pwn;'` })).toBe(`cat '/tmp/x'\\'';touch /tmp/pwn;'\\'''`);
  });

  it('leaves a placeholder without a value as written', () => {
    expect(expandCommand('reload {{src}} {{dest}}', { dest: '/etc/x' })).toBe('reload {{src}} /etc/x');
  });

  it('does not touch other braces', () => {
    expect(expandCommand('awk "{print}" {{other}} {{src}}', { src: '/s' })).toBe('awk "{print}" {{other}} /s');
  });
});

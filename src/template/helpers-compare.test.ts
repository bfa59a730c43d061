import { describe, expect, it } from 'vitest';
import { render, renderFailure } from './test-support.js';

// Expected values checked against Go 1.19 text/template (see the README's list of differences for the rest).
describe('comparison helpers (Go eq ne lt le gt ge)', () => {
  it('eq compares the first argument with each of the others', () => {
    expect(render('{{eq "tcp" "tcp"}} {{eq "tcp" "http"}} {{eq 3 4 3}} {{eq 3 3 "x"}} {{eq true true}}')).toBe('true false true true true');
  });

  it('compares strings as strings and numbers as numbers', () => {
    expect(render('{{lt "10" "9"}} {{gt "10" "9"}} {{lt 9 10}} {{le 2 2}} {{ge 1 2}} {{gt 2.5 2}} {{ne "a" "b"}}')).toBe(
      'true false true true false true true',
    );
    expect(render('{{lt "é" "z"}} {{lt "\uFFFD" "😀"}}')).toBe('false true');
  });

  it('refuses a mixed comparison, naming the template line', () => {
    const error = renderFailure('\n{{#if (eq (getv "/port") 8080)}}x{{/if}}', { '/port': '8080' });
    expect(error.message).toBe(
      '/etc/confetti/templates/test.conf.hbs:2:7: eq: incompatible types for comparison: argument 1 is a string, argument 2 is an int',
    );
    expect(renderFailure('{{eq 3 4 "x"}}').message).toContain('argument 3 is a string');
    expect(renderFailure('{{lt "1" 2}}').message).toContain('incompatible types for comparison');
  });

  it('orders numbers and strings only', () => {
    expect(renderFailure('{{lt true false}}').message).toContain('lt: invalid type for comparison: argument 1 is a bool');
    expect(renderFailure('{{eq (split "a" ",") (split "a" ",")}}').message).toContain('non-comparable type');
  });

  it('treats a missing value as Go nil: equal only to nil, never ordered', () => {
    expect(
      render('{{eq (index (json "{}") "a") "x"}} {{ne (index (json "{}") "a") "x"}} {{eq (first (split "" "")) (index (json "{}") "b")}}'),
    ).toBe('false true true');
    expect(renderFailure('{{lt (index (json "{}") "a") 1}}').message).toContain(
      'invalid type for comparison: argument 1 is a missing value',
    );
  });

  it('compares {key, value} entries field by field', () => {
    expect(render('{{eq (get "/a") (get "/a")}} {{eq (get "/a") (get "/b")}}', { '/a': '1', '/b': '1' })).toBe('true false');
  });
});

describe('logic helpers (Go and or not)', () => {
  it('return the deciding operand', () => {
    expect(render('[{{and 1 0 2}}] [{{and 1 2}}] [{{or 0 "" "a"}}] [{{or 0 ""}}]')).toBe('[0] [2] [a] []');
    expect(render('{{not (split "" ",")}} {{not (json "{}")}} {{not (json "{\\"a\\":1}")}} {{not 0}} {{not "x"}}')).toBe(
      'false true false true false',
    );
  });

  it('stop evaluating at the deciding operand, as Go 1.18+ does', () => {
    const template = '{{#if (and (exists "/a") (eq (getv "/a") "x"))}}yes{{else}}no{{/if}}';
    expect(render(template)).toBe('no');
    expect(render(template, { '/a': 'x' })).toBe('yes');
    expect(render('{{or (getv "/a" "dflt") (getv "/missing")}}')).toBe('dflt');
    expect(render('{{#each (split "a,b" ",")}}{{and (eq this "b") (getv (printf "/%s" this))}};{{/each}}', { '/b': 'B' })).toBe('false;B;');
  });

  it('stay lazy when nested, in loops, with block params and parent scopes', () => {
    const template =
      '{{#each (split "a,b" ",") as |name i|}}{{or (and (exists (printf "/%s" name)) (getv (printf "/%s" name))) (and (eq i 1) ../x) "-"}};{{/each}}';
    expect(render(`{{#with (json "{\\"x\\":\\"X\\"}")}}${template}{{/with}}`, { '/a': 'A' })).toBe('A;X;');
  });

  it('still evaluate the operands they reach, with their errors', () => {
    expect(renderFailure('{{or (exists "/a") (getv "/missing")}}').message).toContain('getv: key "/missing" not found');
  });
});

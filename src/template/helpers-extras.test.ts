import { describe, expect, it } from 'vitest';
import { compareNatural } from './helpers-extras.js';
import { render, renderFailure } from './test-support.js';

describe('operator helpers: default first last sortNatural matches', () => {
  it('default replaces only a missing value, keeping 0, false and ""', () => {
    expect(render('[{{default (index (json "{}") "a") "fb"}}] [{{default (index (json "{\\"a\\":null}") "a") "fb"}}]')).toBe('[fb] [fb]');
    expect(render('[{{default 0 "fb"}}] [{{default false "fb"}}] [{{default "" "fb"}}] [{{default "x" "fb"}}]')).toBe('[0] [false] [] [x]');
  });

  it('first and last of an array; an empty array gives a missing value', () => {
    expect(
      render(
        '{{first (split "a,b,c" ",")}} {{last (split "a,b,c" ",")}} {{default (first (jsonArray "[]")) "none"}} {{default (last (jsonArray "[]")) "none"}}',
      ),
    ).toBe('a c none none');
    expect(renderFailure('{{first "abc"}}').message).toContain('first: list must be an array, got string');
  });

  it('sortNatural orders digit runs by number', () => {
    expect(render('{{join (sortNatural (split "web-10,web-2,web-1,db,web-02,web" ",")) " "}}')).toBe('db web web-1 web-2 web-02 web-10');
    expect([
      compareNatural('a10', 'a9') > 0,
      compareNatural('a', 'a0') < 0,
      compareNatural('x2y10', 'x2y9') > 0,
      compareNatural('b', 'a1') > 0,
    ]).toEqual([true, true, true, true]);
  });

  it('sortNatural orders {key, value} entries by key', () => {
    const keys = { '/s/web-10': 'c', '/s/web-2': 'b', '/s/web-1': 'a' };
    expect(render('{{#each (sortNatural (gets "/s/*"))}}{{value}}{{/each}}', keys)).toBe('abc');
    expect(renderFailure('{{sortNatural (jsonArray "[1, 2]")}}').message).toContain(
      'sortNatural sorts an array of strings or of {key, value} entries',
    );
  });

  it('matches searches with a JavaScript regular expression; (?i) and friends become flags', () => {
    expect(render('{{matches "web-12" "^web-\\d+$"}} {{matches "db-1" "^web"}} {{matches "WEB" "(?i)^web$"}} {{matches "é" "^.$"}}')).toBe(
      'true false true true',
    );
    expect(render('{{#if (matches (getv "/mode") "^(tcp|http)$")}}ok{{/if}}', { '/mode': 'tcp' })).toBe('ok');
  });

  it('matches refuses an invalid pattern, naming the line and not the pattern', () => {
    const error = renderFailure('\n\n{{matches "x" (getv "/re")}}', { '/re': '(secret' });
    expect(error.message).toBe('/etc/confetti/templates/test.conf.hbs:3:1: matches: invalid regular expression: Unterminated group');
  });
});

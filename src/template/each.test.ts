import { describe, expect, it } from 'vitest';
import { render, renderFailure } from './test-support.js';

// The array branch of #each is confetti's own loop (each.ts); these pin it to Handlebars' semantics.
describe('#each over arrays', () => {
  const kv = { '/svc/a': '10.0.0.1', '/svc/b': '10.0.0.2', '/svc/c': '10.0.0.3', '/k': 'v' };

  it('sets @index, @key, @first and @last for every item, and `this` to the item', () => {
    expect(render('{{#each (split "a,b,c" ",")}}{{@index}} {{@key}} {{@first}} {{@last}}={{this}};{{/each}}')).toBe(
      '0 0 true false=a;1 1 false false=b;2 2 false true=c;',
    );
  });

  it('iterates the stored entries of gets in key order', () => {
    expect(render('{{#each (gets "/svc/*")}}{{@index}} {{base key}} {{value}}\n{{/each}}', kv)).toBe(
      '0 a 10.0.0.1\n1 b 10.0.0.2\n2 c 10.0.0.3\n',
    );
  });

  it('binds block params, and a nested block still sees the outer ones', () => {
    expect(render('{{#each (split "a,b" ",") as |item i|}}{{i}}:{{item}} {{/each}}')).toBe('0:a 1:b ');
    expect(render('{{#each (split "x,y" ",") as |o|}}{{#each (split "1,2" ",")}}{{o}}{{this}} {{/each}}{{/each}}')).toBe('x1 x2 y1 y2 ');
    expect(
      render('{{#each (split "x,y" ",") as |o oi|}}{{#each (split "1,2" ",") as |n ni|}}{{oi}}.{{ni}}{{o}}{{n}} {{/each}}{{/each}}'),
    ).toBe('0.0x1 0.1x2 1.0y1 1.1y2 ');
  });

  it('reaches the enclosing item with ../ and the outer loop data with @../index', () => {
    expect(render('{{#each (split "a,b" ",")}}{{#each (split "1,2" ",")}}{{../this}}{{this}}{{@../index}} {{/each}}{{/each}}')).toBe(
      'a10 a20 b11 b21 ',
    );
  });

  it('renders {{else}} for an empty array and nothing without one', () => {
    expect(render('{{#each (ls "/nothing")}}x{{else}}empty{{/each}}', kv)).toBe('empty');
    expect(render('[{{#each (ls "/nothing")}}x{{/each}}]', kv)).toBe('[]');
  });

  it('restores the outer @index after a nested loop', () => {
    expect(render('{{#each (split "a,b" ",")}}{{#each (split "1,2,3" ",")}}{{/each}}{{@index}}{{/each}}')).toBe('01');
  });

  it('refuses a string (a getv value) with an error naming the line, and never the value', () => {
    const error = renderFailure('a\n{{#each (getv "/k")}}x{{/each}}', { '/k': 'secret-value' });
    expect(error).toMatchObject({ code: 'EACH_NOT_A_LIST', line: 2, column: 1 });
    expect(error.message).toContain('#each needs a list or a map, got a string');
    expect(error.message).not.toContain('secret-value');
  });

  it('keeps Handlebars’ behaviour for objects: @key is the field name', () => {
    expect(render('{{#each (get "/k")}}{{@key}}={{this}};{{/each}}', kv)).toBe('key=/k;value=v;');
  });

  it('stops an object loop at maxOutputSize too', () => {
    expect(renderFailure('{{#each (get "/k")}}{{this}}{{/each}}', { '/k': 'x'.repeat(50) }, { maxOutputSize: 20 }).code).toBe(
      'OUTPUT_TOO_LARGE',
    );
  });

  it('prints the value of every gets entry (that entries are frozen is tested in mirror.test.ts)', () => {
    const entries = render('{{#each (gets "/svc/*")}}{{value}},{{/each}}', kv);
    expect(entries).toBe('10.0.0.1,10.0.0.2,10.0.0.3,');
  });
});

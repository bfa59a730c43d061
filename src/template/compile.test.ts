import { describe, expect, it } from 'vitest';
import { View } from '../mirror/view.js';
import { compileTemplate } from './compile.js';
import { TEST_FILE, render } from './test-support.js';

describe('compile and render', () => {
  it('does not HTML-escape output (noEscape)', () => {
    expect(render('a&b<c> {{getv "/v"}}', { '/v': 'a&b<c>"\'`=' })).toBe('a&b<c> a&b<c>"\'`=');
  });

  it('renders the same bytes for the same view and env (pure)', () => {
    const template = compileTemplate('{{#each (gets "/u/*")}}{{value}} {{/each}}{{getenv "H"}}', TEST_FILE);
    const view = View.fromEntries(7n, [
      ['/u/b', '2'],
      ['/u/a', '1'],
    ]);
    const first = template.render(view, { env: { H: 'h' } });
    expect(template.render(view, { env: { H: 'h' } })).toBe(first);
    expect(first).toBe('1 2 h');
  });

  it('keeps the file it was compiled from', () => {
    expect(compileTemplate('x', '/t/a.hbs').file).toBe('/t/a.hbs');
  });

  it('reads keys relative to the resource prefix from a scoped view', () => {
    const full = View.fromEntries(1n, [
      ['/prefix/upstream/app1', 'a'],
      ['/prefix/other', 'o'],
      ['/upstream/app1', 'wrong'],
    ]);
    const scoped = full.scope(['/prefix/upstream'], '/prefix');
    expect(compileTemplate('{{getv "/upstream/app1"}} {{exists "/other"}}', TEST_FILE).render(scoped, { env: {} })).toBe('a false');
  });

  it('does not expose Object.prototype names as variables', () => {
    expect(() => render('{{toString}}')).toThrow(expect.objectContaining({ code: 'MISSING_VARIABLE' }));
  });

  it('keeps Handlebars standalone-line whitespace rules', () => {
    expect(render('a\n{{#each (gets "/k/*")}}\n  {{value}}\n{{/each}}\nb\n', { '/k/1': 'x', '/k/2': 'y' })).toBe('a\n  x\n  y\nb\n');
  });
});

describe('mustaches side by side', () => {
  it('print one after the other even when both are numbers, as Go templates do', () => {
    expect(render('{{add 1 2}}{{add 3 4}}')).toBe('37');
    expect(render('{{#each (split "a,b" ",")}}{{@index}}{{@index}}{{atoi "1"}} {{/each}}')).toBe('001 111 ');
    expect(render('{{#if true}}{{mul 2 3}}{{sub 9 1}}{{/if}}')).toBe('68');
  });

  it('still print nothing for an empty value and keep strings as they are', () => {
    expect(render('[{{getv "/a" ""}}{{getv "/b"}}]', { '/b': '0' })).toBe('[0]');
  });
});

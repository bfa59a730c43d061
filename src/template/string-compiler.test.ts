import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { useDataPathsAsData, useLazyArguments } from './string-compiler.js';
import { render } from './test-support.js';

// These reach into Handlebars' compilers: they fail when a Handlebars upgrade changes what they rely on.
describe('compiler extensions', () => {
  it("make the lazy helpers' arguments functions, unevaluated", () => {
    const hb = Handlebars.create();
    useLazyArguments(hb, (name) => name === 'lazy');
    const seen: string[] = [];
    hb.registerHelper('lazy', (...args: unknown[]) =>
      args
        .slice(0, -1)
        .map((a) => typeof a)
        .join(','),
    );
    hb.registerHelper('eager', (...args: unknown[]) =>
      args
        .slice(0, -1)
        .map((a) => typeof a)
        .join(','),
    );
    hb.registerHelper('note', (v: string) => seen.push(v));
    const template = hb.compile('{{lazy (note "x") "s" this}}|{{eager "s" 1}}|{{#each list}}{{lazy this ../x}}{{/each}}', {
      knownHelpers: { lazy: true, eager: true, note: true },
      knownHelpersOnly: true,
    });
    expect(template({ list: [1], x: 2 })).toBe('function,function,function|string,number|function,function');
    expect(seen).toEqual([]);
  });

  it('keep {{@index}}, {{@first}} and {{@last}} data lookups although helpers are named index, first and last', () => {
    const hb = Handlebars.create();
    useDataPathsAsData(hb);
    hb.registerHelper('index', () => 'helper');
    const template = hb.compile('{{#each list}}{{@index}}{{index 1}}{{/each}}', { knownHelpers: { index: true }, knownHelpersOnly: true });
    expect(template({ list: ['a', 'b'] })).toBe('0helper1helper');
    expect(render('{{#each (split "a,b" ",")}}{{@index}}{{@first}}{{@last}} {{/each}}')).toBe('0truefalse 1falsetrue ');
  });
});

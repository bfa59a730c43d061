import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import {
  builtinInlineDecorator,
  HANDLEBARS_VERSION,
  lastLexer,
  NOOP_PROGRAM,
  useDataPathsAsData,
  useLazyArguments,
  useOnceWrappedHelpers,
} from './handlebars-internals.js';
import { render } from './test-support.js';

// handlebars-internals.ts reaches into Handlebars: these fail when an upgrade changes the version or what it relies on.
describe('the Handlebars internals confetti relies on', () => {
  it('are those of the pinned version, installed and declared exactly', () => {
    const require = createRequire(import.meta.url);
    const installed = (JSON.parse(readFileSync(require.resolve('handlebars/package.json'), 'utf8')) as { version: string }).version;
    const declared = (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { devDependencies: Record<string, string> }
    ).devDependencies['handlebars'];
    expect([Handlebars.VERSION, installed, declared]).toEqual([HANDLEBARS_VERSION, HANDLEBARS_VERSION, HANDLEBARS_VERSION]);
  });

  it('join {{…}} values as strings, as Go templates print them', () => {
    expect(render('{{add 1 2}}{{add 3 4}}|{{#if true}}{{add 1 2}}{{add 3 4}}{{/if}}')).toBe('37|37');
  });

  it("read the offending token of a syntax error from the parser's lexer", () => {
    const hb = Handlebars.create();
    expect(() => hb.parse('a\n{{#if x}} {{/each}}')).toThrow(/doesn't match/);
    expect(() => hb.parse('a\n{{#if x}} {{else if}}')).toThrow(/Parse error on line 2/);
    expect(lastLexer(hb)).toMatchObject({ yylloc: { first_line: 2, first_column: 21 } });
  });

  it('pass the source location to helpers, and container.noop as a missing block', () => {
    const hb = Handlebars.create();
    hb.registerHelper(
      'where',
      (options: { loc: { start: { line: number; column: number } }; fn: unknown }) =>
        `${options.loc.start.line}:${options.loc.start.column}:${options.fn === NOOP_PROGRAM}`,
    );
    expect(hb.compile('\n  {{where}}{{^where}}x{{/where}}')({})).toBe('\n  2:2:false2:11:true');
  });

  it('define inline partials through the built-in `inline` decorator', () => {
    const hb = Handlebars.create();
    const builtin = builtinInlineDecorator(hb);
    let calls = 0;
    hb.registerDecorator('inline', (...args: Parameters<typeof builtin>) => (calls++, builtin(...args)));
    expect(hb.compile('{{#*inline "p"}}in{{/inline}}{{> p}}')({})).toBe('in');
    expect(calls).toBe(1);
  });

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

  it('wrap the helpers once per compiled template: the same wrapped helpers on every render', () => {
    const helpersSeen = (hb: typeof Handlebars): unknown[] => {
      const seen: unknown[] = [];
      hb.registerHelper('h', () => 'h');
      // A function partial is handed the template's container.helpers, what `_setup` built for this render.
      const partials = { p: (_: unknown, options?: { helpers?: unknown }) => (seen.push(options?.helpers), 'p') };
      const template = hb.compile('{{h}}{{> p}}');
      expect([template({}, { partials }), template({}, { partials })]).toEqual(['hp', 'hp']);
      return seen;
    };
    const stock = helpersSeen(Handlebars.create());
    expect(stock[0]).not.toBe(stock[1]); // Handlebars' own runtime: merged and wrapped anew on every call
    const hb = Handlebars.create();
    useOnceWrappedHelpers(hb);
    const once = helpersSeen(hb);
    expect(once[0]).toBe(once[1]);
    // Still Handlebars' wrappers (passing options.lookupProperty), with helperMissing moved to the hooks.
    const helpers = once[0] as Record<string, unknown>;
    expect(helpers['h']).not.toBe(hb.helpers['h']);
    expect(helpers['helperMissing']).toBeUndefined();
  });

  it('see helpers registered or unregistered after a render, and runtime helpers, as Handlebars does', () => {
    const hb = Handlebars.create();
    useOnceWrappedHelpers(hb);
    const template = hb.compile('[{{late}}]');
    expect(template({})).toBe('[]');
    hb.registerHelper('late', () => 'L');
    expect(template({})).toBe('[L]');
    expect(template({}, { helpers: { late: () => 'R' } })).toBe('[R]');
    expect(template({})).toBe('[L]');
    hb.unregisterHelper('late');
    expect(template({})).toBe('[]');
  });

  it('keep the prototype-access rules and what helpers, partials, @data, block params and inline partials see', () => {
    const source =
      '{{a.constructor}}|{{a.__proto__}}|{{f.prototype.constructor}}|{{lookup a "constructor"}}|{{probe a}}|' +
      '{{#each list as |x i|}}{{x}}{{i}}{{@index}}{{@root.n}}{{/each}}|{{#*inline "q"}}Q{{this}}{{/inline}}{{> q n}}|{{> p}}';
    const setUp = (hb: typeof Handlebars): ((options?: Record<string, unknown>) => string) => {
      hb.registerHelper('probe', (a: object, options: { lookupProperty: (o: object, name: string) => unknown }) =>
        ['constructor', '__proto__', 'toString'].map((name) => typeof options.lookupProperty(a, name)).join(','),
      );
      const template = hb.compile(source);
      const partials = { p: hb.compile('P{{probe a}}') };
      const context = { a: {}, f: function f() {}, list: ['x', 'y'], n: 7 };
      return (options = {}) => template(context, { partials, ...options });
    };
    const stock = setUp(Handlebars.create());
    const hb = Handlebars.create();
    useOnceWrappedHelpers(hb);
    const once = setUp(hb);
    const denied = '||||undefined,undefined,undefined|x007y117|Q7|Pundefined,undefined,undefined';
    expect([stock(), stock()]).toEqual([denied, denied]);
    expect([once(), once()]).toEqual([denied, denied]);
    // Runtime prototype-access options take Handlebars' own path, and do not stay for the next render.
    const allowed = once({ allowProtoMethodsByDefault: true, allowProtoPropertiesByDefault: true });
    expect(allowed).toBe(stock({ allowProtoMethodsByDefault: true, allowProtoPropertiesByDefault: true }));
    expect(allowed).not.toBe(denied);
    expect(once()).toBe(denied);
  });
});

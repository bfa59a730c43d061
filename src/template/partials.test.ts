import { describe, expect, it } from 'vitest';
import type { RenderContext } from './compile.js';
import { compileTemplate } from './compile.js';
import type { PartialSources } from './partial-set.js';
import { TEST_FILE, viewOf } from './test-support.js';

const DIR = '/etc/confetti/templates/partials';
const sources = (files: Record<string, string>): PartialSources => ({ dir: DIR, read: (name) => files[name] });
const compile = (source: string, files: Record<string, string> = {}, memo = true) =>
  compileTemplate(source, TEST_FILE, { partials: sources(files), memo });
const render = (
  source: string,
  files: Record<string, string> = {},
  entries: Record<string, string> = {},
  ctx: Partial<RenderContext> = {},
): string => compile(source, files).render(viewOf(entries), { env: {}, ...ctx });
function failure(fn: () => unknown): Error & { code: string; file?: string; line?: number; column?: number } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error('expected a failure');
}

describe('partials', () => {
  it('renders a partial from a file, in a subfolder too, with the caller context', () => {
    const files = { header: '# {{getv "/name"}}\n', 'haproxy/backend': 'backend {{base key}} {{value}}\n' };
    const out = render('{{> header}}{{#each (gets "/b/*")}}{{> haproxy/backend}}{{/each}}', files, {
      '/name': 'lb',
      '/b/x': '1',
      '/b/y': '2',
    });
    expect(out).toBe('# lb\nbackend x 1\nbackend y 2\n');
  });

  it('passes a context argument and hash arguments', () => {
    const files = { server: 'server {{name}}:{{port}}' };
    expect(
      render(
        '{{#with (map "name" "a" "port" 1)}}{{> server}}{{/with}}|{{> server (map "name" "b" "port" 2)}}|{{> server (map "name" "c") port=80}}',
        files,
      ),
    ).toBe('server a:1|server b:2|server c:80');
  });

  it('indents a standalone partial like Handlebars', () => {
    expect(render('global\n  {{> opts}}\nend\n', { opts: 'a 1\nb 2\n' })).toBe('global\n  a 1\n  b 2\nend\n');
  });

  it('renders partial blocks, and the block when no such partial exists', () => {
    const files = { frame: '<{{> @partial-block}}>' };
    expect(render('{{#> frame}}in {{getv "/k"}}{{/frame}}', files, { '/k': 'v' })).toBe('<in v>');
    expect(render('{{#> optional}}default{{/optional}}', files)).toBe('default');
  });

  it('renders inline partials, which win over a file of the same name', () => {
    expect(render('{{#*inline "row"}}[{{this}}]{{/inline}}{{#each (split "a,b" ",")}}{{> row}}{{/each}}', { row: 'file' })).toBe('[a][b]');
  });

  it('lets a layout partial call inline partials its caller defines in the block', () => {
    const files = { layout: 'head [{{> body}}] foot' };
    expect(render('{{#> layout}}{{#*inline "body"}}B {{getv "/k"}}{{/inline}}{{/layout}}', files, { '/k': 'v' })).toBe('head [B v] foot');
  });

  it("compiles partials with the template's compile options (noEscape, strict)", () => {
    expect(render('{{> p}}', { p: '{{getv "/k"}}' }, { '/k': 'a&b<c>' })).toBe('a&b<c>');
    const error = failure(() => render('{{> p}}', { p: 'x\n{{nope}}' }));
    expect(error).toMatchObject({ code: 'MISSING_VARIABLE', file: `${DIR}/p.hbs`, line: 2 });
  });

  it('calls partials recursively', () => {
    const simple = { tree: '{{name}}{{#each kids}}({{> tree}}){{/each}}' };
    expect(render('{{> tree (json "{\\"name\\":\\"a\\",\\"kids\\":[{\\"name\\":\\"b\\",\\"kids\\":[]}]}")}}', simple)).toBe('a(b)');
  });
});

describe('partial errors', () => {
  it('an unknown partial fails at compile time, naming the template file:line:col and the partial', () => {
    const error = failure(() => compile('a\n  {{> missing/part}}'));
    expect(error).toMatchObject({ code: 'UNKNOWN_PARTIAL', file: TEST_FILE, line: 2, column: 3 });
    expect(error.message).toBe(`${TEST_FILE}:2:3: unknown partial "missing/part" (no file ${DIR}/missing/part.hbs)`);
  });

  it('an unknown partial inside a partial names that partial', () => {
    const error = failure(() => compile('{{> a}}', { a: 'x\n{{> b}}' }));
    expect(error).toMatchObject({ code: 'UNKNOWN_PARTIAL', file: `${DIR}/a.hbs`, line: 2, column: 1 });
  });

  it('an inline partial used outside the block that defines it is unknown', () => {
    expect(failure(() => compile('{{#if true}}{{#*inline "x"}}y{{/inline}}{{/if}}{{> x}}'))).toMatchObject({ code: 'UNKNOWN_PARTIAL' });
  });

  it.each([
    ['a syntax error', 'ok\n{{#if}}', 'TEMPLATE_SYNTAX', 2],
    ['an unknown helper', 'ok\n{{nohelper "x"}}', 'UNKNOWN_HELPER', 2],
    ['a wrong argument count', '\n\n{{add 1}}', 'HELPER_ARGS', 3],
  ])('%s in a partial names the partial file:line:col and the call', (_what, text, code, line) => {
    const error = failure(() => compile('first\n{{> broken}}', { broken: text }));
    expect(error).toMatchObject({ code, file: `${DIR}/broken.hbs`, line });
    expect(error.message).toContain(`${DIR}/broken.hbs:${line}:`);
    expect(error.message).toContain(`(partial called from ${TEST_FILE}:2:1)`);
  });

  it('a helper failing inside a partial names the partial, not the template', () => {
    const error = failure(() => render('{{> p}}', { p: '\n{{getv "/missing"}}' }));
    expect(error).toMatchObject({ code: 'KEY_NOT_FOUND', file: `${DIR}/p.hbs`, line: 2 });
  });

  it('a failure in a partial block body names the calling template, not the partial', () => {
    const error = failure(() => render('\n{{#> frame}}{{getv "/missing"}}{{/frame}}', { frame: '[{{> @partial-block}}]' }));
    expect(error).toMatchObject({ file: TEST_FILE, line: 2 });
  });

  it('refuses dynamic and unsafe partial names before rendering', () => {
    expect(failure(() => compile('{{> (getv "/p")}}'))).toMatchObject({ code: 'DYNAMIC_PARTIAL', line: 1 });
    expect(failure(() => compile('{{> ../secret}}'))).toMatchObject({ code: 'INVALID_PARTIAL_NAME' });
    expect(failure(() => compile('{{> "/etc/passwd"}}'))).toMatchObject({ code: 'INVALID_PARTIAL_NAME' });
    expect(failure(() => compile('{{> p a b}}', { p: 'x' }))).toMatchObject({ code: 'PARTIAL_ARGS' });
  });

  it('without a partials directory every file partial is unknown', () => {
    expect(failure(() => compileTemplate('{{> p}}', TEST_FILE))).toMatchObject({ code: 'UNKNOWN_PARTIAL' });
    expect(compileTemplate('{{#*inline "p"}}i{{/inline}}{{> p}}', TEST_FILE).render(viewOf(), { env: {} })).toBe('i');
  });
});

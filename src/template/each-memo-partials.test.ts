// #each output reuse with partials: memos are keyed by source position, so code from another file (a partial, a
// partial block's body, an inline partial called from a partial) must never find the caller's or callee's memo.
import { describe, expect, it } from 'vitest';
import type { Change } from '../keys/change.js';
import { Mirror } from '../mirror/mirror.js';
import { compileTemplate } from './compile.js';
import type { PartialSources } from './partial-set.js';
import { TEST_FILE } from './test-support.js';

const sources = (files: Record<string, string>): PartialSources => ({ dir: '/p', read: (name) => files[name] });
const positions = (source: string): string[] => compileTemplate(source, TEST_FILE, { partials: sources({ p: 'x' }) }).memo?.positions ?? [];
const put = (revision: bigint, key: string, value: string): Change => ({ type: 'change', revision, events: [{ type: 'put', key, value }] });

/** Renders `source` with and without reuse, before and after a change, and requires the same bytes. */
function renderBoth(source: string, files: Record<string, string>): string[] {
  const m = new Mirror();
  m.load({
    revision: 1n,
    keys: new Map([
      ['/a/x', '1'],
      ['/a/y', '2'],
    ]),
  });
  const reused = compileTemplate(source, TEST_FILE, { partials: sources(files) });
  const plain = compileTemplate(source, TEST_FILE, { partials: sources(files), memo: false });
  const outs: string[] = [];
  for (const change of [undefined, put(2n, '/a/y', '3')]) {
    if (change) m.apply(change);
    const out = reused.render(m.view(), { env: {} });
    expect(out).toBe(plain.render(m.view(), { env: {} }));
    outs.push(out);
  }
  return outs;
}

describe('#each reuse and partials', () => {
  it.each([
    ['a partial', '{{#each (gets "/a/*")}}{{> p}}{{/each}}'],
    ['a partial block', '{{#each (gets "/a/*")}}{{#> p}}b{{/p}}{{/each}}'],
    ['an inline partial definition', '{{#each (gets "/a/*")}}{{#*inline "q"}}{{value}}{{/inline}}{{> q}}{{/each}}'],
  ])('a body calling %s is run every time', (_what, source) => {
    expect(positions(source)).not.toContain('1:0');
  });

  it("a partial's #each at the same position as the template's keeps its own output", () => {
    const files = { p: '{{#each (gets "/a/*")}}<{{base key}}>{{/each}}' };
    expect(renderBoth('{{#each (gets "/a/*")}}{{value}};{{/each}}{{> p}}', files)).toEqual(['1;2;<x><y>', '1;3;<x><y>']);
  });

  it("a partial block's body runs with its own file's memo, not the partial's", () => {
    const files = { frame: 'f\n{{#each (gets "/a/*")}}{{value}};{{/each}}{{> @partial-block}}' };
    expect(renderBoth('{{#> frame}}\n{{#each (gets "/a/*")}}<{{base key}}>{{/each}}{{/frame}}', files)).toEqual([
      'f\n1;2;<x><y>',
      'f\n1;3;<x><y>',
    ]);
  });

  it("an inline partial called from a partial runs with its own file's memo", () => {
    const files = { layout: 'f\n{{#each (gets "/a/*")}}{{value}};{{/each}}{{> body}}' };
    const source = '{{#> layout}}{{#*inline "body"}}\n{{#each (gets "/a/*")}}<{{base key}}>{{/each}}{{/inline}}{{/layout}}';
    expect(renderBoth(source, files)).toEqual(['f\n1;2;\n<x><y>', 'f\n1;3;\n<x><y>']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Change } from '../keys/change.js';
import { Mirror } from '../mirror/mirror.js';
import { compileTemplate } from './compile.js';
import { TEST_FILE } from './test-support.js';

const positions = (source: string): string[] => compileTemplate(source, TEST_FILE).memo?.positions ?? [];
const put = (revision: bigint, key: string, value: string): Change => ({ type: 'change', revision, events: [{ type: 'put', key, value }] });

function mirrorOf(entries: Record<string, string>): Mirror {
  const m = new Mirror();
  m.load({ revision: 1n, keys: new Map(Object.entries(entries)) });
  return m;
}

describe('which #each blocks reuse item outputs', () => {
  it('a body reading only its item, through pure helpers, is reused; position data makes it positional', () => {
    expect(positions('{{#each (gets "/a/*")}}{{base key}} {{toUpper value}}\n{{/each}}')).toEqual(['1:0']);
    expect(positions('x\n  {{#each (gets "/a/*")}}{{#if value}}{{value}}{{else}}-{{/if}}{{/each}}')).toEqual(['2:2']);
    const positional = compileTemplate('{{#each (gets "/a/*")}}{{@index}} {{value}}{{/each}}', TEST_FILE).memo?.block({
      start: { line: 1, column: 0 },
    });
    expect(positional?.positional).toBe(true);
    const plain = compileTemplate('{{#each (gets "/a/*")}}{{value}}{{/each}}', TEST_FILE).memo?.block({ start: { line: 1, column: 0 } });
    expect(plain?.positional).toBe(false);
  });

  it.each([
    ['reads the store', '{{#each (gets "/a/*")}}{{getv "/b"}}{{/each}}'],
    ['lists the store', '{{#each (gets "/a/*")}}{{#each (ls "/b")}}{{this}}{{/each}}{{/each}}'],
    ['reads the environment', '{{#each (gets "/a/*")}}{{getenv "HOME"}}{{/each}}'],
    ['reads the clock', '{{#each (gets "/a/*")}}{{datetime}}{{/each}}'],
    ['reads files', '{{#each (gets "/a/*")}}{{fileExists value}}{{/each}}'],
    ['reaches the enclosing context', '{{#each (gets "/a/*")}}{{../x}}{{/each}}'],
    ['reads @root', '{{#each (gets "/a/*")}}{{@root.x}}{{/each}}'],
    ['reads an outer loop position', '{{#each (gets "/a/*")}}{{#each (split value ",")}}{{@../index}}{{/each}}{{/each}}'],
    ['logs', '{{#each (gets "/a/*")}}{{log value}}{{/each}}'],
  ])('a body that %s is run every time', (_why, source) => {
    expect(positions(source)).not.toContain('1:0');
  });

  it('a block inside one with block params is run every time (a name there may be the outer param)', () => {
    expect(positions('{{#each (gets "/a/*") as |o|}}{{#each (gets "/b/*")}}{{o.value}}{{/each}}{{/each}}')).toEqual([]);
  });

  it('runs the body only for entries that changed, and the output is the full render', () => {
    const m = mirrorOf({ '/a/x': '1', '/a/y': '2', '/a/z': '3' });
    const t = compileTemplate('{{#each (gets "/a/*")}}{{base key}}={{value}};{{/each}}', TEST_FILE);
    const block = t.memo?.block({ start: { line: 1, column: 0 } });
    expect(t.render(m.view(), { env: {} })).toBe('x=1;y=2;z=3;');
    expect([block?.runs, block?.hits]).toEqual([3, 0]);
    m.apply(put(2n, '/a/y', '20'));
    expect(t.render(m.view(), { env: {} })).toBe('x=1;y=20;z=3;');
    expect([block?.runs, block?.hits]).toEqual([4, 2]);
  });

  it('runs the body for an inserted entry only, whatever moved, when the body ignores positions', () => {
    const m = mirrorOf(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`/a/k${String(i * 2).padStart(3, '0')}`, `v${i}`])));
    const t = compileTemplate('{{#each (gets "/a/*")}}{{base key}}={{value}}\n{{/each}}', TEST_FILE);
    const block = t.memo?.block({ start: { line: 1, column: 0 } });
    t.render(m.view(), { env: {} });
    const before = block?.runs ?? 0;
    m.apply(put(2n, '/a/k051', 'new'));
    const out = t.render(m.view(), { env: {} });
    expect(block?.runs).toBe(before + 1);
    expect(out.split('\n')).toContain('k051=new');
    expect(out).toBe(
      compileTemplate('{{#each (gets "/a/*")}}{{base key}}={{value}}\n{{/each}}', TEST_FILE, { memo: false }).render(m.view(), { env: {} }),
    );
  });

  it('re-runs a positional body when an insert moves the items after it', () => {
    const m = mirrorOf({ '/a/b': '1', '/a/c': '2' });
    const t = compileTemplate('{{#each (gets "/a/*")}}{{@index}}:{{value}}{{#if @last}}.{{/if}} {{/each}}', TEST_FILE);
    expect(t.render(m.view(), { env: {} })).toBe('0:1 1:2. ');
    m.apply(put(2n, '/a/a', '0'));
    expect(t.render(m.view(), { env: {} })).toBe('0:0 1:1 2:2. ');
    m.apply(put(3n, '/a/d', '3'));
    expect(t.render(m.view(), { env: {} })).toBe('0:0 1:1 2:2 3:3. ');
  });

  it('reuses outputs for a resource whose prefix is stripped', () => {
    const m = mirrorOf({ '/p/a/x': '1', '/p/a/y': '2' });
    const t = compileTemplate('{{#each (gets "/a/*")}}{{key}}={{value}};{{/each}}', TEST_FILE);
    const block = t.memo?.block({ start: { line: 1, column: 0 } });
    expect(t.render(m.view().scope(['/p/a'], '/p'), { env: {} })).toBe('/a/x=1;/a/y=2;');
    m.apply(put(2n, '/p/a/x', '10'));
    expect(t.render(m.view().scope(['/p/a'], '/p'), { env: {} })).toBe('/a/x=10;/a/y=2;');
    expect(block?.hits).toBe(1);
  });

  it('reuses the unchanged items after a fresh snapshot (a resync, an --interval poll)', () => {
    const keys = new Map(Array.from({ length: 1000 }, (_, i) => [`/a/k${String(i).padStart(4, '0')}`, `v${i}`] as [string, string]));
    const m = new Mirror();
    m.load({ revision: 1n, keys });
    const t = compileTemplate('{{#each (gets "/a/*")}}{{base key}}={{value}}\n{{/each}}', TEST_FILE);
    const block = t.memo?.block({ start: { line: 1, column: 0 } });
    t.render(m.view(), { env: {} });
    m.load({ revision: 2n, keys: new Map(keys).set('/a/k0500', 'new') });
    const out = t.render(m.view(), { env: {} });
    expect([block?.runs, block?.hits]).toEqual([1001, 999]);
    expect(out.split('\n')).toContain('k0500=new');
  });
});

// Reuse must never change a byte: the memoized template and one compiled without it render every revision alike.
describe('#each reuse against a plain render', () => {
  const TEMPLATES = [
    '{{#each (gets "/a/*")}}{{base key}} {{value}}\n{{/each}}',
    '{{#each (gets "/a/*")}}{{@index}}/{{@first}}/{{@last}} {{value}}\n{{else}}none{{/each}}',
    '{{#each (gets "/a/**") as |kv i|}}{{i}}{{kv.key}}{{/each}}',
    '{{#each (gets "/a/*")}}{{#each (split value ",")}}[{{this}}{{#if @last}}!{{/if}}]{{/each}}{{/each}}',
    '{{#each (gets "/a/*")}}{{value}}{{getv "/a/x" "?"}}{{/each}}',
    '{{#each (lsdir "/a")}}<{{this}}>{{/each}}{{#each (getvs "/a/*")}}{{this}}{{/each}}',
  ];
  const op = fc.record({
    del: fc.boolean(),
    key: fc.constantFrom('/a/x', '/a/y', '/a/z', '/a/b/c', '/a/b/d', '/b/q', '/a/a'),
    value: fc.constantFrom('1', '2', 'v,w', '', 'x,y,z'),
  });

  it('renders every revision of random changes exactly as a template compiled without reuse', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: TEMPLATES.length - 1 }),
        fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { maxLength: 12 }),
        fc.boolean(),
        (which, revisions, strip) => {
          const source = (TEMPLATES[which] as string).replaceAll('"/a', strip ? '"/a' : '"/p/a');
          const memo = compileTemplate(source, TEST_FILE);
          const plain = compileTemplate(source, TEST_FILE, { memo: false });
          const m = mirrorOf({ '/p/a/x': '1', '/p/a/y': 'v,w' });
          const scope = (): ReturnType<Mirror['view']> => (strip ? m.view().scope(['/p'], '/p') : m.view());
          let revision = 2n;
          for (const events of revisions) {
            m.apply({
              type: 'change',
              revision: revision++,
              events: events.map((e) =>
                e.del ? { type: 'delete', key: `/p${e.key}` } : { type: 'put', key: `/p${e.key}`, value: e.value },
              ),
            });
            const render = (t: typeof memo): string => {
              try {
                return t.render(scope(), { env: {} });
              } catch (error) {
                return `error: ${(error as Error).message}`;
              }
            };
            expect(render(memo)).toBe(render(plain));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

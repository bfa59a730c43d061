import { describe, expect, it } from 'vitest';
import { View } from '../mirror/view.js';
import { compileTemplate } from './compile.js';
import { TEST_FILE, render, renderFailure } from './test-support.js';

const KEYS = {
  '/key': 'foobar',
  '/upstream/app2': '10.0.1.11:8080',
  '/upstream/app1': '10.0.1.10:8080',
  '/upstreamx/app3': '10.9.9.9:1',
  '/services/web/a/host': 'h1',
  '/services/web/b/host': 'h2',
  '/services/db/port': '5432',
};

describe('kv helpers', () => {
  it('get returns a {key, value} pair', () => {
    expect(render('{{#with (get "/key")}}{{key}}={{value}}{{/with}}', KEYS)).toBe('/key=foobar');
  });

  it('get of a missing key is KEY_NOT_FOUND', () => {
    expect(renderFailure('{{get "/missing"}}', KEYS).code).toBe('KEY_NOT_FOUND');
  });

  it('getv returns the value', () => {
    expect(render('{{getv "/upstream/app1"}}', KEYS)).toBe('10.0.1.10:8080');
  });

  it('getv falls back to its default only when the key is missing', () => {
    expect(render('{{getv "/missing" "dflt"}}|{{getv "/key" "dflt"}}', KEYS)).toBe('dflt|foobar');
    expect(render('{{getv "/empty" "dflt"}}', { '/empty': '' })).toBe('');
  });

  it('gets returns pairs matching the pattern, sorted by key, never a sibling prefix', () => {
    const out = render('{{#each (gets "/upstream/*")}}{{base key}} {{value}}\n{{/each}}', KEYS);
    expect(out).toBe('app1 10.0.1.10:8080\napp2 10.0.1.11:8080\n');
  });

  it('getvs returns matching values sorted', () => {
    expect(render('{{#each (getvs "/services/web/*/host")}}{{this}};{{/each}}', { ...KEYS, '/services/web/c/host': 'a0' })).toBe(
      'a0;h1;h2;',
    );
  });

  it('exists is true only for a key', () => {
    expect(render('{{exists "/key"}} {{exists "/upstream"}} {{exists "/nope"}}', KEYS)).toBe('true false false');
  });

  it('ls lists unique child names directly under a path, sorted', () => {
    expect(render('{{#each (ls "/services")}}{{this}},{{/each}}', KEYS)).toBe('db,web,');
    expect(render('{{#each (ls "/services/db")}}{{this}},{{/each}}', KEYS)).toBe('port,');
    expect(render('{{#each (ls "/")}}{{this}},{{/each}}', KEYS)).toBe('key,services,upstream,upstreamx,');
  });

  it('ls of a key that holds a value lists its own name, as confd does', () => {
    expect(render('{{join (ls "/services/db/port") ","}}|{{join (ls "/nope") ","}}', KEYS)).toBe('port|');
  });

  it('ls includes empty directories (etcd v2)', () => {
    expect(render('{{#each (ls "/services")}}{{this}},{{/each}}', KEYS, {}, ['/services/cache'])).toBe('cache,db,web,');
  });

  it('lsdir lists only children that have children', () => {
    expect(render('{{#each (lsdir "/services/web")}}{{this}},{{/each}}', KEYS)).toBe('a,b,');
    expect(render('{{#each (lsdir "/services/db")}}{{this}},{{/each}}', KEYS)).toBe('');
    expect(render('{{#each (lsdir "/")}}{{this}},{{/each}}', KEYS, {}, ['/empty/inner'])).toBe('empty,services,upstream,upstreamx,');
  });

  it('normalises key arguments like the view does', () => {
    expect(render('{{getv "key"}} {{getv "/upstream//app1/"}}', KEYS)).toBe('foobar 10.0.1.10:8080');
  });
});

describe('kv helpers: values that are not valid UTF-8', () => {
  // '/bin/raw' holds bytes that are not UTF-8 (its value here is their lossy decoding).
  const view = View.fromEntries(
    1n,
    [
      ['/bin/ok', 'fine'],
      ['/bin/raw', 'a\uFFFD\uFFFD'],
    ],
    [],
    ['/bin/raw'],
  );
  const renderIn = (source: string): string => compileTemplate(source, TEST_FILE).render(view, { env: {} });
  const failureOf = (source: string): Error & { code?: string; key?: string; file?: string; line?: number } => {
    try {
      renderIn(source);
    } catch (error) {
      return error as Error & { code?: string };
    }
    throw new Error(`expected ${JSON.stringify(source)} to fail`);
  };

  it.each([
    ['get', '\n{{#with (get "/bin/raw")}}{{value}}{{/with}}'],
    ['getv', '\n{{getv "/bin/raw"}}'],
    ['getv with a default', '\n{{getv "/bin/raw" "dflt"}}'],
    ['gets', '\n{{#each (gets "/bin/*")}}{{value}}{{/each}}'],
    ['getvs', '\n{{#each (getvs "/bin/*")}}{{this}}{{/each}}'],
  ])('%s refuses it with INVALID_UTF8 naming the key, the template file and line', (_name, source) => {
    const error = failureOf(source);
    expect(error.code).toBe('INVALID_UTF8');
    expect(error.key).toBe('/bin/raw');
    expect(error.file).toBe(TEST_FILE);
    expect(error.line).toBe(2);
    expect(error.message).toContain('"/bin/raw"');
    expect(error.message).toMatch(/not valid UTF-8/);
  });

  it('other keys read fine, and exists, ls and lsdir still see the key', () => {
    expect(
      renderIn('{{getv "/bin/ok"}} {{exists "/bin/raw"}} {{#each (ls "/bin")}}{{this}},{{/each}} {{#each (lsdir "/")}}{{this}},{{/each}}'),
    ).toBe('fine true ok,raw, bin,');
    expect(renderIn('{{#each (gets "/bin/ok")}}{{value}}{{/each}}')).toBe('fine');
  });
});

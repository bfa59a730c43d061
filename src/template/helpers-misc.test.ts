import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render, renderFailure } from './test-support.js';

describe('misc helpers', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('getenv reads the render context, not process.env', () => {
    process.env['CONFETTI_TEMPLATE_TEST_ONLY_IN_PROCESS'] = 'leak';
    expect(render('[{{getenv "HOSTNAME"}}][{{getenv "CONFETTI_TEMPLATE_TEST_ONLY_IN_PROCESS"}}]', {}, { env: { HOSTNAME: 'web1' } })).toBe(
      '[web1][]',
    );
    delete process.env['CONFETTI_TEMPLATE_TEST_ONLY_IN_PROCESS'];
  });

  it('getenv uses the default when the variable is unset or empty', () => {
    expect(render('{{getenv "A" "x"}} {{getenv "B" "y"}} {{getenv "C" "z"}}', {}, { env: { A: '', C: 'set' } })).toBe('x y set');
  });

  it('json parses an object from a key', () => {
    const keys = { '/cfg': '{"name":"web","ports":[80,443]}' };
    expect(render('{{#with (json (getv "/cfg"))}}{{name}}:{{#each ports}}{{this}};{{/each}}{{/with}}', keys)).toBe('web:80;443;');
  });

  it('json refuses an array and invalid JSON', () => {
    expect(renderFailure('{{json "[1]"}}').message).toContain('JSON object expected, got a list');
    expect(renderFailure('{{json "{"}}').message).toContain('invalid JSON');
  });

  it('jsonArray parses an array', () => {
    expect(render('{{#each (jsonArray (getv "/a"))}}{{this}},{{/each}}', { '/a': '["x","y"]' })).toBe('x,y,');
    expect(renderFailure('{{jsonArray "{}"}}').message).toContain('JSON array expected, got a mapping');
  });

  it('map builds an object from key/value pairs', () => {
    expect(render('{{#with (map "host" "db1" "port" 5432)}}{{host}}:{{port}}{{/with}}')).toBe('db1:5432');
    expect(renderFailure('{{map "a"}}').message).toContain('odd number of arguments');
  });

  it('parseBool follows strconv.ParseBool', () => {
    expect(render('{{#each (split "1 t T TRUE true True 0 f F FALSE false False" " ")}}{{parseBool this}},{{/each}}')).toBe(
      'true,true,true,true,true,true,false,false,false,false,false,false,',
    );
    expect(renderFailure('{{parseBool "yes"}}').message).toContain('strconv.ParseBool: parsing "yes": invalid syntax');
  });

  it('parseBool drives #if', () => {
    expect(render('{{#if (parseBool (getv "/on"))}}on{{else}}off{{/if}}', { '/on': 'false' })).toBe('off');
  });

  it('reverse reverses a list (without changing it) or a string', () => {
    const keys = { '/u/a': '1', '/u/b': '2', '/u/c': '3' };
    expect(render('{{#each (reverse (gets "/u/*"))}}{{key}},{{/each}}|{{#each (gets "/u/*")}}{{key}},{{/each}}', keys)).toBe(
      '/u/c,/u/b,/u/a,|/u/a,/u/b,/u/c,',
    );
    expect(render('{{reverse "abc"}}')).toBe('cba');
  });

  it('sortByLength sorts strings by length, stable', () => {
    expect(render('{{join (sortByLength (split "ccc a bb b" " ")) " "}}')).toBe('a b bb ccc');
  });

  it('sortKVByLength sorts pairs by key length', () => {
    const keys = { '/s/aaa': '3', '/s/b': '1', '/s/cc': '2' };
    expect(render('{{#each (sortKVByLength (gets "/s/*"))}}{{value}}{{/each}}', keys)).toBe('123');
  });

  it('fileExists checks the filesystem', async () => {
    dir = await mkdtemp(join(tmpdir(), 'confetti-tpl-'));
    const file = join(dir, 'present');
    await writeFile(file, '');
    expect(render(`{{fileExists "${file}"}} {{fileExists "${join(dir, 'absent')}"}}`)).toBe('true false');
  });

  it('datetime returns the render time, printed as ISO 8601 UTC', () => {
    const now = new Date('2024-05-06T07:08:09.010Z');
    expect(render('{{datetime}}', {}, { now })).toBe('2024-05-06T07:08:09.010Z');
  });
});

import { describe, expect, it } from 'vitest';
import { compileTemplate } from './compile.js';
import { TEST_FILE, render, renderFailure } from './test-support.js';

function compileFailure(source: string): Error & { code: string; line?: number; column?: number } {
  try {
    compileTemplate(source, TEST_FILE);
  } catch (error) {
    return error as Error & { code: string; line?: number; column?: number };
  }
  throw new Error(`expected ${JSON.stringify(source)} not to compile`);
}

describe('template errors', () => {
  it('a missing key in getv names the key and the template file:line', () => {
    const error = renderFailure('upstream app {\n  server {{getv "/upstream/app9"}};\n}\n', { '/upstream/app1': 'x' });
    expect(error.name).toBe('TemplateError');
    expect(error.code).toBe('KEY_NOT_FOUND');
    expect(error.message).toContain('"/upstream/app9"');
    expect(error.message).toContain(`${TEST_FILE}:2:`);
    expect(error).toMatchObject({ file: TEST_FILE, line: 2, key: '/upstream/app9' });
  });

  it('a missing key in get is KEY_NOT_FOUND with file:line', () => {
    const error = renderFailure('\n\n{{#with (get "/nope")}}{{value}}{{/with}}');
    expect(error.code).toBe('KEY_NOT_FOUND');
    expect(error.message).toContain(`${TEST_FILE}:3:`);
    expect(error.message).toContain('"/nope"');
  });

  it('a syntax error names file:line:column', () => {
    const error = compileFailure('global\n  maxconn {{getv "/max"}\n');
    expect(error.code).toBe('TEMPLATE_SYNTAX');
    expect(error.message).toContain(`${TEST_FILE}:2:24`);
    expect(error).toMatchObject({ file: TEST_FILE, line: 2, column: 24 });
  });

  it('mismatched blocks are a syntax error with file:line:column', () => {
    const error = compileFailure('a\n{{#if (exists "/a")}}\n{{/each}}\n');
    expect(error.code).toBe('TEMPLATE_SYNTAX');
    expect(error.message).toMatch(new RegExp(`^${TEST_FILE}:2:4: syntax error: if doesn't match each`));
  });

  it('an unknown helper fails at compile time with file:line:column', () => {
    const error = compileFailure('x\n  {{#each (getss "/upstream/*")}}{{/each}}');
    expect(error.code).toBe('UNKNOWN_HELPER');
    expect(error.message).toContain(`${TEST_FILE}:2:11`);
    expect(error.message).toContain('"getss"');
  });

  it('calling something that is not a helper by a path fails at compile time naming the path', () => {
    for (const [source, name] of [
      ['{{foo.bar "x"}}', 'foo.bar'],
      ['{{#each (../f 1)}}{{/each}}', '../f'],
      ['{{@root.x 1}}', '@root.x'],
    ] as const) {
      const error = compileFailure(`\n${source}`);
      expect(error.code).toBe('UNKNOWN_HELPER');
      expect(error.message).toContain(`"${name}"`);
      expect(error.message).toContain(`${TEST_FILE}:2:`);
    }
  });

  it('a strict-mode missing variable names the file and line', () => {
    const error = renderFailure('line1\n{{hostname}}\n');
    expect(error.code).toBe('MISSING_VARIABLE');
    expect(error.message).toContain(`${TEST_FILE}:2:`);
    expect(error.message).toContain('"hostname" is not defined');
  });

  it('a missing field of a key/value pair is a strict-mode error too', () => {
    const error = renderFailure('{{#each (gets "/a/*")}}{{vaule}}{{/each}}', { '/a/b': '1' });
    expect(error.code).toBe('MISSING_VARIABLE');
    expect(error.message).toContain(TEST_FILE);
  });

  it('wrong argument counts name the helper and the file', () => {
    const error = renderFailure('{{getv}}');
    expect(error.code).toBe('HELPER_ARGS');
    expect(error.message).toBe(`${TEST_FILE}:1:1: getv expects 1 to 2 arguments, got 0`);
  });

  it('a bad pattern names the file and line', () => {
    const error = renderFailure('\n{{gets "/a/["}}');
    expect(error.code).toBe('BAD_PATTERN');
    expect(error.message).toContain(`${TEST_FILE}:2:1`);
  });

  it('a missing partial still names the file', () => {
    const error = renderFailure('{{> header}}');
    expect(error.name).toBe('TemplateError');
    expect(error.message).toContain(TEST_FILE);
  });

  it('output larger than maxOutputSize is OUTPUT_TOO_LARGE naming the file', () => {
    const error = renderFailure('{{getv "/big"}}', { '/big': 'x'.repeat(100) }, { maxOutputSize: 99 });
    expect(error.code).toBe('OUTPUT_TOO_LARGE');
    expect(error.message).toContain(TEST_FILE);
    expect(render('{{getv "/big"}}', { '/big': 'é'.repeat(50) }, { maxOutputSize: 100 })).toHaveLength(50);
    expect(renderFailure('{{getv "/big"}}', { '/big': 'é'.repeat(50) }, { maxOutputSize: 99 }).code).toBe('OUTPUT_TOO_LARGE');
  });

  it('counts maxOutputSize in UTF-8 bytes at every width: 3-byte characters and 4-byte surrogate pairs', () => {
    // 33 units of 3 bytes = 99 bytes; 25 pairs = 50 units but 100 bytes.
    expect(render('{{getv "/big"}}', { '/big': '€'.repeat(33) }, { maxOutputSize: 99 })).toHaveLength(33);
    expect(renderFailure('{{getv "/big"}}', { '/big': '€'.repeat(33) }, { maxOutputSize: 98 }).code).toBe('OUTPUT_TOO_LARGE');
    expect(render('{{getv "/big"}}', { '/big': '😀'.repeat(25) }, { maxOutputSize: 100 })).toHaveLength(50);
    expect(renderFailure('{{getv "/big"}}', { '/big': '😀'.repeat(25) }, { maxOutputSize: 99 }).code).toBe('OUTPUT_TOO_LARGE');
  });

  it('maxOutputSize stops a runaway loop before it finishes', () => {
    const started = Date.now();
    const error = renderFailure(
      '{{#each (seq 1 1000000)}}{{#each (seq 1 1000)}}xxxxxxxxxx{{/each}}{{/each}}',
      {},
      { maxOutputSize: 1_000_000 },
    );
    expect(error.code).toBe('OUTPUT_TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a loop that prints nothing is stopped by the render timeout, naming the file and line', () => {
    const started = Date.now();
    const error = renderFailure('x\n{{#each (seq 1 1000000)}}{{#each (seq 1 1000000)}}{{/each}}{{/each}}', {}, { timeoutMs: 200 });
    expect(error.code).toBe('RENDER_TIMEOUT');
    expect(error.message).toContain(`${TEST_FILE}:2`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a render within the timeout is unaffected', () => {
    expect(render('{{#each (seq 1 3)}}{{this}}{{/each}}', {}, { timeoutMs: 10_000 })).toBe('123');
  });
});

import { describe, expect, it } from 'vitest';
import { compileTemplate } from './compile.js';
import { TEST_FILE, render } from './test-support.js';

function compileFailure(source: string): Error & { code?: string; line?: number; column?: number } {
  try {
    compileTemplate(source, TEST_FILE);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`expected ${JSON.stringify(source)} not to compile`);
}

describe('helper argument counts, checked at compile time', () => {
  it.each([
    ['{{add 1}}', '1:1: add expects 2 arguments, got 1'],
    ['{{getv "/x" 1 2 3}}', '1:1: getv expects 1 to 2 arguments, got 4'],
    ['x\n  {{join (split "a") ","}}', '2:10: split expects 2 arguments, got 1'],
    ['{{#if (exists)}}y{{/if}}', '1:7: exists expects 1 argument, got 0'],
    ['{{#each (gets "/a/*")}}{{base}}{{/each}}', '1:24: base expects 1 argument, got 0'],
    // Block helpers without a spec: Handlebars' own messages named no line.
    ['a\n{{#if}}x{{/if}}', '2:1: if expects 1 argument, got 0'],
    ['a\n {{lookup}}', '2:2: lookup expects 2 arguments, got 0'],
    ['{{#each}}x{{/each}}', '1:1: each expects 1 argument, got 0'],
    ['{{#with 1 2}}x{{/with}}', '1:1: with expects 1 argument, got 2'],
    ['{{#let}}x{{/let}}', '1:1: let expects 1 argument, got 0'],
    ['{{datetime 1}}', '1:1: datetime expects 0 arguments, got 1'],
    ['{{#with (get "/a" "/b")}}{{/with}}', '1:9: get expects 1 argument, got 2'],
  ])('%s fails before any render', (source, where) => {
    const error = compileFailure(source);
    expect(error.code).toBe('HELPER_ARGS');
    expect(error.message).toBe(`${TEST_FILE}:${where}`);
  });

  it('passes calls within the declared counts, and names a block param shadows', () => {
    expect(render('{{add 1 2}} {{getv "/x" "d"}} {{join (split "a,b" ",") "-"}} {{datetime}}', {}, { now: new Date(0) })).toBe(
      '3 d a-b 1970-01-01T00:00:00.000Z',
    );
    expect(render('{{#each (split "a,b" ",") as |base|}}{{base}}{{/each}}')).toBe('ab');
  });
});

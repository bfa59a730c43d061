import { describe, expect, it } from 'vitest';
import { render, renderFailure } from './test-support.js';

describe('math helpers', () => {
  it('add, sub, mul on numbers and on integer strings from keys', () => {
    expect(render('{{add 2 3}} {{sub 2 5}} {{mul (getv "/n") 4}}', { '/n': '6' })).toBe('5 -3 24');
  });

  it('div truncates toward zero like Go', () => {
    expect(render('{{div 7 2}} {{div -7 2}}')).toBe('3 -3');
  });

  it('mod keeps the sign of the dividend like Go', () => {
    expect(render('{{mod 7 3}} {{mod -7 3}}')).toBe('1 -1');
  });

  it('dividing by zero is an error naming the helper', () => {
    const error = renderFailure('{{div 1 0}}');
    expect(error.code).toBe('HELPER_FAILED');
    expect(error.message).toContain('div: integer divide by zero');
  });

  it('refuses non-integers', () => {
    expect(renderFailure('{{add 1.5 1}}').message).toContain('must be an integer');
    expect(renderFailure('{{add "x" 1}}').message).toContain('invalid syntax');
    // A value from a key never appears in the message.
    expect(renderFailure('{{add "s3cret" 1}}').message).not.toContain('s3cret');
    expect(renderFailure('{{add 1.25 1}}').message).not.toContain('1.25');
  });

  it('seq is inclusive and empty when first > last', () => {
    expect(render('{{#each (seq 3 5)}}{{this}},{{/each}}|{{#each (seq 5 3)}}{{this}}{{/each}}')).toBe('3,4,5,|');
  });

  it('seq refuses lists that would exhaust memory', () => {
    expect(renderFailure('{{seq 1 100000000}}').message).toContain('would exceed');
  });

  it('atoi parses like strconv.Atoi', () => {
    expect(render('{{add (atoi "+41") 1}} {{atoi "-7"}}')).toBe('42 -7');
    expect(renderFailure('{{atoi " 7"}}').message).toContain('strconv.Atoi: parsing a string of 2 characters: invalid syntax');
  });
});

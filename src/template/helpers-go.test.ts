import { describe, expect, it } from 'vitest';
import { render, renderFailure } from './test-support.js';

// Expected values checked against Go 1.19 text/template.
describe('Go built-ins: len index slice', () => {
  it('len counts UTF-8 bytes, elements and map keys', () => {
    expect(
      render('{{len "héllo"}} {{len (split "a,b" ",")}} {{len (json "{\\"a\\":1,\\"b\\":2}")}} {{len (gets "/*")}}', { '/a': '1' }),
    ).toBe('6 2 2 1');
  });

  it('len refuses what has no length', () => {
    expect(renderFailure('{{len 3}}').message).toContain('len: len of an int');
    expect(renderFailure('{{len (get "/a")}}', { '/a': '1' }).message).toContain('len of a {key, value} entry');
    expect(renderFailure('{{len (first (split "" ""))}}').message).toContain('len of nil');
  });

  it('index reads arrays by number, maps by key, strings by byte, nested', () => {
    const keys = { '/cfg': '{"a":"z","list":[["x","y"]]}' };
    expect(
      render(
        '{{index (split "a,b" ",") 1}} {{index "abc" 1}} {{index (json (getv "/cfg")) "a"}} {{index (json (getv "/cfg")) "list" 0 1}}',
        keys,
      ),
    ).toBe('b 98 z y');
    expect(render('{{#with (json "{\\"a\\":1}")}}{{default (index this "zz") "missing"}}{{/with}}')).toBe('missing');
  });

  it('index refuses out-of-range indexes and wrong index types', () => {
    expect(renderFailure('{{index (split "a,b" ",") 5}}').message).toContain('index: index out of range: 5');
    expect(renderFailure('{{index (split "a,b" ",") -1}}').message).toContain('index out of range: -1');
    expect(renderFailure('{{index (split "a,b" ",") "1"}}').message).toContain('cannot index an array or string with a string');
    expect(renderFailure('{{index (json "{}") 1}}').message).toContain('map keys are strings, argument 2 is an int');
    expect(renderFailure('{{index (first (split "" "")) 1}}').message).toContain('index of nil');
  });

  it('slice cuts strings by byte and arrays by element', () => {
    expect(
      render(
        '{{slice "héllo" 1 3}}|{{slice "abc" 1}}|{{slice "abc"}}|{{join (slice (split "a,b,c" ",") 1) "+"}}|{{print (slice (split "a,b,c" ",") 0 1 2)}}',
      ),
    ).toBe('é|bc|abc|b+c|[a]');
  });

  it('slice refuses what Go refuses, and cuts inside a UTF-8 character', () => {
    expect(renderFailure('{{slice (split "a,b" ",") 1 5}}').message).toContain('slice: index out of range: 5');
    expect(renderFailure('{{slice "abc" 2 1}}').message).toContain('invalid slice index: 2 > 1');
    expect(renderFailure('{{slice "abc" 0 1 2}}').message).toContain('cannot 3-index slice a string');
    expect(renderFailure('{{slice "héllo" 2}}').message).toContain('slice index 2 is inside a UTF-8 character');
  });
});

describe('Go built-ins: print println urlquery html js', () => {
  it('print spaces operands when neither is a string, as fmt.Sprint', () => {
    expect(render('{{print 1 2 "a" 3 "b" "c" 4 5}}|{{print (split "a,b" ",") (json "{\\"b\\":1,\\"a\\":\\"z\\"}")}}|{{print}}')).toBe(
      '1 2a3bc4 5|[a b] map[a:z b:1]|',
    );
    expect(render('{{print (index (json "{}") "a")}}')).toBe('<nil>');
  });

  it('println always spaces and ends with a newline', () => {
    expect(render('{{println 1 "a" 2}}')).toBe('1 a 2\n');
  });

  it('urlquery is url.QueryEscape of the printed arguments', () => {
    expect(render('{{urlquery "a b&c=d/é~_.-"}}|{{urlquery "a" 1 2}}')).toBe('a+b%26c%3Dd%2F%C3%A9~_.-|a1+2');
  });

  it('html is template.HTMLEscapeString', () => {
    expect(render('{{html "<a href=\\"x\\">&\'</a>"}}|{{html 5}}')).toBe('&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;|5');
  });

  it('js is template.JSEscapeString', () => {
    expect(render('{{js (getv "/s")}}', { '/s': 'a\\b\'c"d<e>f&g=h\ni\x7f\u00a0é\u2028' })).toBe(
      'a\\\\b\\\'c\\"d\\u003Ce\\u003Ef\\u0026g\\u003Dh\\u000Ai\x7f\\u00A0é\\u2028',
    );
  });
});

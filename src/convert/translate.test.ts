// The shape of what `confetti convert` writes (the bytes it renders are compared with Go in test/convert/).
import { describe, expect, it } from 'vitest';
import { CONFD_PRAGMA } from '../template/dialect.js';
import { parseTemplate } from './go-parse.js';
import { GoSyntaxError } from './go-scan.js';
import { convertTemplate } from './translate.js';

function body(go: string): string {
  const { source, notes } = convertTemplate(go);
  expect(notes).toEqual([]);
  expect(source?.startsWith(`${CONFD_PRAGMA}\n`)).toBe(true);
  return (source as string).slice(CONFD_PRAGMA.length + 1);
}

describe('convertTemplate', () => {
  it('keeps the layout: trim markers become ~ on the adjacent tag', () => {
    expect(body('a {\n{{- range gets "/x/*"}}\n  {{.Key}}\n{{- end}}\n}')).toBe(
      'a {\n{{~#each (gets "/x/*")}}\n  {{this.key}}\n{{~/each}}\n}',
    );
    expect(body('{{"a" -}}  \n b')).toBe('{{print "a"~}}  \n b');
  });

  it("trims the text itself where JavaScript whitespace is wider than Go's", () => {
    expect(body('x\u00a0 {{- "y"}}')).toBe('x\u00a0{{print "y"}}');
  });

  it("turns variables into let blocks closed where Go's scope ends, and assigned ones into cells", () => {
    expect(body('{{if true}}{{$x := getv "/a"}}{{$x}}{{end}}')).toBe('{{#if true}}{{#let (getv "/a") as |x|}}{{x}}{{/let}}{{/if}}');
    expect(body('{{$n := 0}}{{range split "a,b" ","}}{{$n = .}}{{end}}{{$n}}')).toBe(
      '{{#let (cell 0) as |n|}}{{#each (split "a,b" ",")}}{{setVar n this}}{{/each}}{{n.value}}{{/let}}',
    );
    expect(body('{{$json := "x"}}{{json $json}}')).toBe('{{#let "x" as |json_|}}{{json json_}}{{/let}}');
  });

  it('writes range variables as block params, pipelines as nested calls, fields of calls as lookup', () => {
    expect(body('{{range $i, $v := ls "/a"}}{{$i}}{{$v}}{{end}}')).toBe('{{#each (ls "/a") as |v i|}}{{i}}{{v}}{{/each}}');
    expect(body('{{getv "/a" | base | printf "%s!"}}')).toBe('{{printf "%s!" (base (getv "/a"))}}');
    expect(body('{{(json .Value).port}}')).toBe('{{lookup (json this.value) "port"}}');
    expect(body('{{else_ := 1}}'.replace('else_', '$e'))).toBe('{{#let 1 as |e|}}{{/let}}');
  });

  it('escapes text Handlebars would read as part of a tag', () => {
    expect(body('{{"a"}}}} x')).toBe('{{print "a"}}{{print "}}"}} x');
    expect(body('a\\{{"b"}}')).toBe('a\\\\{{print "b"}}');
    expect(body('{{"a\\\\"}}')).toBe('{{print (printf "%s%c" "a" 92)}}');
  });

  it('lists what needs a person with its position and marks it in the output', () => {
    const { source, notes } = convertTemplate('ok\n  {{range .}}{{break}}{{end}} {{call .F}}');
    expect(notes).toEqual([
      { line: 2, column: 14, construct: '{{break}}', todo: "Handlebars' #each cannot stop early: rewrite the loop body with {{#if}}" },
      { line: 2, column: 33, construct: 'function call', todo: 'confetti has no function values; compute the value with helpers' },
    ]);
    expect(source).toContain('{{!-- CONFETTI-CONVERT 2:14: {{break — ');
    expect(source?.match(/CONFETTI-CONVERT/g)).toHaveLength(2);
  });

  it('reports a template Go would not parse as a syntax error, with its position', () => {
    const { source, notes } = convertTemplate('a\n{{if true}}x');
    expect(source).toBeUndefined();
    expect(notes).toEqual([
      { line: 2, column: 1, construct: 'syntax error', todo: expect.stringMatching(/has no \{\{end\}\}/) as unknown },
    ]);
    expect(() => parseTemplate('{{end}}')).toThrow(GoSyntaxError);
    expect(() => parseTemplate('{{"unterminated}}')).toThrow(/unterminated quoted string/);
  });
});

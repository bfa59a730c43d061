import { describe, expect, it } from 'vitest';
import { parseTomlFile } from './toml-file.js';

describe('parseTomlFile', () => {
  const text = [
    '# confd resource',
    '[template]',
    'src = "a.tmpl"  # the template',
    'mode = 0o644',
    'keys = [',
    '  "/a",',
    ']',
    '',
    '[other.table]',
    '"quoted key" = 1',
  ].join('\n');
  const parsed = parseTomlFile('/x.toml', text);

  it('finds the line of a key under its table', () => {
    expect(parsed.lineOf(['template'])).toBe(2);
    expect(parsed.lineOf(['template', 'src'])).toBe(3);
    expect(parsed.lineOf(['template', 'keys', 0])).toBe(5);
    expect(parsed.lineOf(['other', 'table', 'quoted key'])).toBe(10);
  });

  it('falls back to the nearest parent that has a line', () => {
    expect(parsed.lineOf(['template', 'nope'])).toBe(2);
    expect(parsed.lineOf(['nowhere'])).toBeUndefined();
  });

  it('keeps the source text of a scalar, without a trailing comment', () => {
    expect(parsed.sourceOf(['template', 'mode'])).toBe('0o644');
    expect(parsed.sourceOf(['template', 'src'])).toBe('"a.tmpl"');
  });

  it('parses the data', () => {
    expect(parsed.data).toEqual({ template: { src: 'a.tmpl', mode: 0o644, keys: ['/a'] }, other: { table: { 'quoted key': 1 } } });
  });

  it('names an unterminated string as such, on its line', () => {
    const bad = '[template]\nsrc = "a.tmpl"\ndest = "/etc/x.conf\nkeys = ["/a"]\n';
    expect(() => parseTomlFile('/x.toml', bad)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_SYNTAX',
        file: '/x.toml',
        line: 3,
        message: 'invalid TOML: string is not closed: a "…" string must end on the line it starts',
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { flattenDocument } from '../backends/file-flatten.js';
import { formatError } from './exit.js';
import { parseYamlFile } from '../config/yaml-file.js';

// Each case: text, the line and column to fix, and the message; both readers (resource files, file backend) agree.
const CASES = [
  ['two documents', 'a: 1\n---\nb: 2\n', 2, 1, 'a second YAML document starts here (---): the file must hold a single document'],
  [
    'a line indented under a key that has a value',
    'app:\n  x: 1\n   y: 2\n',
    3,
    4,
    'unexpected indentation: this line is indented under line 2, whose key already has a value',
  ],
  ['keys of one map not aligned', 'app:\n  x: 1\n y: 2\n', 3, 1, 'wrong indentation: keys of one mapping must start at the same column'],
  ['an unclosed quote', 'src: a\nmode: "0644\nkeys: [/a]\n', 2, 7, 'quoted string is not closed'],
] as const;

const LIBRARY_TEXT = /parseAllDocuments|compact mappings|Implicit keys|Missing closing|mapping items/;

describe('YAML parse errors', () => {
  it.each(CASES)('%s: resource files name the line to fix', (_name, text, line, column, message) => {
    expect(() => parseYamlFile('/r.yaml', text)).toThrow(
      expect.objectContaining({ code: 'CONFIG_SYNTAX', file: '/r.yaml', line, column, message: `invalid YAML: ${message}` }),
    );
  });

  it.each(CASES)('%s: the file backend says the same, with no library text', (_name, text, line, column, message) => {
    let error: unknown;
    try {
      flattenDocument(text, '/data.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'FILE_PARSE', file: '/data.yaml', line, column });
    expect(formatError(error)).toContain(message);
    expect(formatError(error)).not.toMatch(LIBRARY_TEXT);
  });
});

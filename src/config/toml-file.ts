// TOML (confd's format). smol-toml keeps no positions, so a line scan maps `key = value` lines to key paths.
import { parse, TomlError } from 'smol-toml';
import { ConfigError } from '../errors.js';
import type { ParsedFile } from './parsed-file.js';
import type { KeyPath } from './problems.js';

interface KeyLine {
  line: number;
  /** Value text up to the end of the line, without a trailing comment. */
  source: string;
}

export function parseTomlFile(file: string, text: string): ParsedFile {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const message = tomlMessage(error, text);
    throw new ConfigError('CONFIG_SYNTAX', `invalid TOML: ${message}`, {
      file,
      line: error.line,
      column: error.column,
      cause: error,
    });
  }
  const lines = scanKeyLines(text);
  const lookup = (path: KeyPath): KeyLine | undefined => {
    for (let n = path.length; n > 0; n--) {
      const hit = lines.get(path.slice(0, n).join('.'));
      if (hit) return hit;
    }
    return undefined;
  };
  return {
    file,
    format: 'toml',
    data,
    lineOf: (path) => lookup(path)?.line,
    sourceOf: (path) => lines.get(path.join('.'))?.source,
  };
}

// smol-toml calls a string left open at the end of its line "control characters are not allowed" (the newline).
function tomlMessage(error: TomlError, text: string): string {
  const message = (error.message.split('\n')[0] ?? error.message).replace(/^Invalid TOML document: /, '');
  const line = text.split(/\r?\n/)[error.line - 1] ?? '';
  const quotes = (line.replace(/\\./g, '').match(/"/g) ?? []).length;
  if (/control characters/.test(message) && quotes % 2 === 1) return 'string is not closed: a "…" string must end on the line it starts';
  return message;
}

const TABLE = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;
const KEY_VALUE = /^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*(.*)$/;

// Best effort: good enough for confd's flat files; keys inside multi-line strings may be misread.
function scanKeyLines(text: string): Map<string, KeyLine> {
  const out = new Map<string, KeyLine>();
  let table: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const header = TABLE.exec(raw);
    if (header?.[1]) {
      table = splitDotted(header[1]);
      if (!out.has(table.join('.'))) out.set(table.join('.'), { line, source: '' });
      return;
    }
    const kv = KEY_VALUE.exec(raw);
    if (!kv?.[1]) return;
    const key = [...table, ...splitDotted(kv[1])].join('.');
    const source = (kv[2] ?? '').replace(/\s+#[^"']*$/, '').trim();
    if (!out.has(key)) out.set(key, { line, source });
  });
  return out;
}

function splitDotted(key: string): string[] {
  return (key.match(/"[^"]*"|'[^']*'|[^.\s]+/g) ?? []).map((part) => part.replace(/^["']|["']$/g, ''));
}

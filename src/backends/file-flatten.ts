// One YAML/JSON file → flat keys, like confd's file backend: maps nest, lists index, scalars become strings.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Scalar } from 'yaml';
import { describeYamlError } from '../config/yaml-error.js';
import { BackendError } from '../errors.js';
import { joinKey } from './prefix.js';

/** Aliases may point at their own ancestors; a cycle must end in an error, not a stack overflow. */
const MAX_DEPTH = 64;

/**
 * Flatten a document: `{database: {host: x}}` → `/database/host`, lists → `/key/0`, `"/a/b": x` → `/a/b`.
 * Numbers keep their written form (`1.10` stays "1.10"), bools become "true"/"false", null becomes "".
 * A later occurrence of the same flat key in the file wins. JSON is read as YAML 1.2 (a superset).
 */
export function flattenDocument(text: string, file: string): Map<string, string> {
  const lines = new LineCounter();
  // yaml's own uniqueKeys check is quadratic per map (10,000 keys took ~1 s); the walk checks duplicates with a Set.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const first = doc.errors[0];
  if (first) {
    const { message, line, column } = describeYamlError(first, lines, text);
    // No cause: it would repeat yaml's own wording, which the message replaces.
    throw parseError(file, message, line, column);
  }
  const out = new Map<string, string>();
  const root = doc.contents;
  if (root === null) return out;
  if (!isMap(root) && !isSeq(root)) {
    const pos = lines.linePos(root.range?.[0] ?? 0);
    throw parseError(file, 'top level must be a map or a list', pos.line, pos.col);
  }
  const walk = (node: unknown, key: string, depth: number): void => {
    if (depth > MAX_DEPTH) {
      const range = (node as { range?: [number, number, number] } | null)?.range;
      const pos = lines.linePos(range?.[0] ?? 0);
      throw parseError(file, `nesting deeper than ${MAX_DEPTH} levels (alias cycle?)`, pos.line, pos.col);
    }
    if (isAlias(node)) walk(node.resolve(doc), key, depth + 1);
    else if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const name = mapKeyText(pair.key);
        if (seen.has(name)) {
          const range = (pair.key as { range?: [number, number, number] } | null)?.range;
          const pos = lines.linePos(range?.[0] ?? 0);
          throw parseError(file, `map keys must be unique: "${name}" appears twice`, pos.line, pos.col);
        }
        seen.add(name);
        walk(pair.value, joinKey(key, name), depth + 1);
      }
    }
    else if (isSeq(node)) node.items.forEach((item, i) => walk(item, joinKey(key, String(i)), depth + 1));
    else if (isScalar(node)) out.set(key, scalarText(node));
    else out.set(key, ''); // `? key` without a value: present, empty
  };
  walk(root, '/', 0);
  return out;
}

function mapKeyText(key: unknown): string {
  if (isScalar(key)) return scalarText(key);
  return String(key);
}

function scalarText(node: Scalar): string {
  const value = node.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // Written form keeps version numbers ("1.10") and leading zeros ("0080") that a float/int would lose.
  if (typeof value === 'number' && node.source !== undefined) return node.source;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return node.source ?? ''; // custom tags: their written form
}

function parseError(file: string, reason: string, line?: number, column?: number, cause?: unknown): BackendError {
  const where = line === undefined ? file : `${file}:${line}${column === undefined ? '' : `:${column}`}`;
  return new BackendError('FILE_PARSE', `cannot parse ${where}: ${reason}`, { file, line, column, cause });
}

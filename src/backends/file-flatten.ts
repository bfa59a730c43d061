// One YAML/JSON file → flat keys, like confd's file backend: maps nest, lists index, scalars become strings.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Alias, Scalar, YAMLMap } from 'yaml';
import { describeYamlError } from '../config/yaml-error.js';
import { BackendError, type ErrorCode } from '../errors.js';

/** Aliases may point at their own ancestors; a cycle must end in an error, not a stack overflow. */
const MAX_DEPTH = 64;
/** Nodes a document may reach through aliases (expanded copies); far above any hand-written use of anchors. */
export const MAX_ALIASED_NODES = 100_000;

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
  const where = (node: unknown): { line: number; col: number } =>
    lines.linePos((node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0);
  // yaml's Alias.resolve scans the whole document each time: resolve each alias node once.
  const resolved = new Map<unknown, unknown>();
  const resolve = (alias: Alias): unknown => {
    if (!resolved.has(alias)) resolved.set(alias, alias.resolve(doc));
    return resolved.get(alias);
  };
  // Nodes reached through aliases, counted so that an alias bomb (9 levels of 9 aliases) fails in milliseconds.
  let aliased = 0;
  const walk = (node: unknown, key: string, depth: number, viaAlias: boolean): void => {
    if (depth > MAX_DEPTH) {
      const pos = where(node);
      throw parseError(file, `nesting deeper than ${MAX_DEPTH} levels (alias cycle?)`, pos.line, pos.col);
    }
    if (viaAlias && ++aliased > MAX_ALIASED_NODES) {
      const pos = where(node);
      throw parseError(
        file,
        `aliases expand to more than ${MAX_ALIASED_NODES} nodes (an alias bomb?)`,
        pos.line,
        pos.col,
        undefined,
        'FILE_ALIAS_LIMIT',
      );
    }
    if (isAlias(node)) walk(resolve(node), key, depth + 1, true);
    else if (isMap(node)) {
      for (const [name, value] of mapEntries(node, depth, viaAlias)) walk(value.node, childKey(key, name), depth + 1, value.viaAlias);
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, childKey(key, String(i)), depth + 1, viaAlias));
    else if (isScalar(node)) out.set(key, scalarText(node));
    else out.set(key, ''); // `? key` without a value: present, empty
  };
  // A map's own pairs, then those its `<<` merge keys bring (YAML 1.1 merge: own keys win, earlier sources win).
  const mapEntries = (node: YAMLMap, depth: number, viaAlias: boolean): Map<string, { node: unknown; viaAlias: boolean }> => {
    const own = new Map<string, { node: unknown; viaAlias: boolean }>();
    const merges: unknown[] = [];
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        merges.push(pair.value);
        continue;
      }
      const name = mapKeyText(pair.key);
      if (own.has(name)) {
        const pos = where(pair.key);
        throw parseError(file, `map keys must be unique: "${name}" appears twice`, pos.line, pos.col);
      }
      own.set(name, { node: pair.value, viaAlias });
    }
    for (const merge of merges) {
      const sources = isSeq(merge) ? merge.items : [merge];
      for (const source of sources) {
        const target = isAlias(source) ? resolve(source) : source;
        if (!isMap(target)) {
          const pos = where(source);
          throw parseError(file, 'a merge key (<<) takes a map, an alias of a map, or a list of them', pos.line, pos.col);
        }
        if (depth > MAX_DEPTH) {
          const pos = where(source);
          throw parseError(file, `nesting deeper than ${MAX_DEPTH} levels (alias cycle?)`, pos.line, pos.col);
        }
        const fromAlias = viaAlias || isAlias(source);
        for (const [name, value] of mapEntries(target, depth + 1, fromAlias)) {
          if (!own.has(name)) own.set(name, { node: value.node, viaAlias: fromAlias });
        }
      }
    }
    return own;
  };
  walk(root, '/', 0, false);
  return out;
}

// Keys are joined as written: a trailing or doubled "/" in a name survives, and the mirror refuses such a key rather
// than merging it with another (etcd keys are byte strings). One leading "/" is dropped, so `"/a/b": x` is `/a/b`.
function childKey(parent: string, name: string): string {
  const rest = name.startsWith('/') ? name.slice(1) : name;
  return parent === '/' ? `/${rest}` : `${parent}/${rest}`;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.value === '<<' && (key.type === undefined || key.type === 'PLAIN');
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

function parseError(
  file: string,
  reason: string,
  line?: number,
  column?: number,
  cause?: unknown,
  code: ErrorCode = 'FILE_PARSE',
): BackendError {
  const where = line === undefined ? file : `${file}:${line}${column === undefined ? '' : `:${column}`}`;
  return new BackendError(code, `cannot parse ${where}: ${reason}`, { file, line, column, cause });
}

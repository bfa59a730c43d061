// YAML with line numbers: the yaml package's node ranges and LineCounter map key paths back to lines.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { ConfigError } from '../errors.js';
import type { ParsedFile } from './parsed-file.js';
import type { KeyPath } from './problems.js';
import { describeYamlError } from './yaml-error.js';

/** Aliases a settings or resource file may expand (yaml's own measure: uses × size of the aliased node). */
export const MAX_ALIAS_COUNT = 100;

// yaml's maxAliasCount stops an alias bomb (a 1 KB file expanding to gigabytes) before it is built.
function toData(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new ConfigError(
      'CONFIG_ALIAS_LIMIT',
      `invalid YAML: aliases expand too much (more than ${MAX_ALIAS_COUNT} aliased nodes; an alias bomb?)`,
      {
        file,
        cause: error,
      },
    );
  }
}

export function parseYamlFile(file: string, text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { message, line, column } = describeYamlError(first, lineCounter, text);
    throw new ConfigError('CONFIG_SYNTAX', `invalid YAML: ${message}`, { file, line, column, cause: first });
  }
  const lineAt = (node: Node | null | undefined): number | undefined => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);

  // Walks the document; returns the node at `path` and the key node naming its last step.
  const locate = (path: KeyPath): { node: unknown; key: Node | undefined; line: number | undefined } => {
    let node: unknown = doc.contents;
    let key: Node | undefined;
    let line = lineAt(doc.contents);
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) return { node: undefined, key: undefined, line };
        key = pair.key as Node;
        node = pair.value;
        line = lineAt(key) ?? line;
      } else if (isSeq(node) && typeof part === 'number') {
        node = node.items[part];
        key = undefined;
        line = lineAt(node as Node) ?? line;
      } else {
        return { node: undefined, key: undefined, line };
      }
    }
    return { node, key, line };
  };

  return {
    file,
    format: 'yaml',
    data: toData(doc, file),
    lineOf: (path) => locate(path).line,
    sourceOf: (path) => {
      const { node } = locate(path);
      return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
    },
  };
}

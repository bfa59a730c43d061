// The yaml package's parse errors in a user's words, at the line the user has to fix.
import type { LineCounter, YAMLError } from 'yaml';

export interface YamlProblem {
  message: string;
  line: number;
  column: number;
}

/**
 * A YAML parse error as a message and position: no "please use YAML.parseAllDocuments()", and an indentation error
 * on the line that is indented wrong, not on the key above it where yaml reports it.
 */
export function describeYamlError(error: YAMLError, lines: LineCounter, text: string): YamlProblem {
  const at = lines.linePos(error.pos[0]);
  const source = text.split(/\r?\n/);
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return { message: 'a second YAML document starts here (---): the file must hold a single document', line: at.line, column: at.col };
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // yaml points at the value of the key above; the mistake is the next line, indented under a key that has a value.
      const next = source.findIndex((l, i) => i >= at.line && l.trim() !== '' && !l.trimStart().startsWith('#'));
      if (next === -1) break;
      const column = (source[next]?.length ?? 0) - (source[next]?.trimStart().length ?? 0) + 1;
      return {
        message: `unexpected indentation: this line is indented under line ${at.line}, whose key already has a value`,
        line: next + 1,
        column,
      };
    }
    case 'BAD_INDENT':
      return { message: 'wrong indentation: keys of one mapping must start at the same column', line: at.line, column: at.col };
    case 'MISSING_CHAR': {
      // yaml reports an unclosed quote at the end of the file: point at the line where the string opens.
      const quote = /quote/.test(error.message) ? openQuoteLine(source) : undefined;
      if (quote) return { message: 'quoted string is not closed', ...quote };
      break;
    }
  }
  return { message: error.message, line: at.line, column: at.col };
}

// The first line with an unbalanced " or ' outside comments (a simple scan; escapes inside "…" are honoured).
function openQuoteLine(source: string[]): { line: number; column: number } | undefined {
  for (const [index, text] of source.entries()) {
    let open: string | undefined;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (open === undefined) {
        if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) break;
        if (c === '"' || c === "'") {
          open = c;
          start = i;
        }
      } else if (c === '\\' && open === '"') i++;
      else if (c === open) open = undefined;
    }
    if (open !== undefined) return { line: index + 1, column: start + 1 };
  }
  return undefined;
}

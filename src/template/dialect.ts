// Two dialects share one Handlebars instance. Plain templates are Handlebars as documented in the README. A template
// whose first line is CONFD_PRAGMA (what `confetti convert` writes) keeps Go text/template's output rules, so a
// converted confd template renders confd's bytes: no standalone-line removal, a missing field is not an error,
// and values print as Go's %v prints them.

/** First line of a template converted from confd; the line itself (with its newline) prints nothing. */
export const CONFD_PRAGMA = '{{!-- confetti: confd-compatible --}}';

export type Dialect = 'handlebars' | 'confd';

export function dialectOf(source: string): Dialect {
  return source.startsWith(CONFD_PRAGMA + '\n') || source.startsWith(CONFD_PRAGMA + '\r\n') ? 'confd' : 'handlebars';
}

/** Drop the newline after the pragma comment from a parsed confd-dialect template (line numbers stay right). */
export function dropPragmaLine(ast: hbs.AST.Program): void {
  const next = ast.body[1];
  if (ast.body[0]?.type !== 'CommentStatement' || next?.type !== 'ContentStatement') return;
  const content = next as hbs.AST.ContentStatement;
  content.value = content.value.replace(/^\r?\n/, '');
}

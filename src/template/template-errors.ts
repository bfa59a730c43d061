// Turns Handlebars' exceptions (parse, strict lookups, helpers) into TemplateErrors that name file:line:column.
import { ConfettiError, TemplateError, describeError } from '../errors.js';
import type { LexerState } from './handlebars-internals.js';
import type { Location } from './locate.js';
import { templateError } from './locate.js';

interface HandlebarsException {
  message: string;
  lineNumber?: number;
  /** 0-based. */
  column?: number;
}

const PARSE_ERROR = /^(Parse|Lexical) error on line (\d+)/;

function exceptionLocation(error: unknown): Location {
  const e = error as HandlebarsException;
  return { line: e.lineNumber, column: e.column === undefined ? undefined : e.column + 1 };
}

/** Handlebars suffixes " - line:column"; we put the location first instead. */
function stripLocation(message: string): string {
  return message.replace(/ - \d+:\d+$/, '');
}

/** A parse failure. Jison only reports the line; the shared lexer still holds the offending token's column. */
export function syntaxError(file: string, error: unknown, lexer: LexerState | undefined): TemplateError {
  const message = describeError(error);
  const parse = PARSE_ERROR.exec(message);
  if (!parse)
    return templateError('TEMPLATE_SYNTAX', file, exceptionLocation(error), `syntax error: ${stripLocation(message)}`, { cause: error });
  const line = Number(parse[2]);
  const at = lexer?.yylloc?.first_line === line ? lexer.yylloc : undefined;
  const near = at && lexer?.yytext ? ` near "${lexer.yytext}"` : '';
  const expecting = /Expecting (.*), got '?([^']*)'?$/m.exec(message);
  const detail =
    parse[1] === 'Lexical'
      ? 'unrecognized text'
      : expecting
        ? `unexpected ${expecting[2]}${near}, expecting ${expecting[1]}`
        : `unexpected input${near}`;
  return templateError(
    'TEMPLATE_SYNTAX',
    file,
    { line, column: at === undefined ? undefined : at.first_column + 1 },
    `syntax error: ${detail}`,
    { cause: error },
  );
}

/** A failure while rendering; our helpers' errors already carry the file and pass through. */
export function renderError(file: string, error: unknown): TemplateError {
  if (error instanceof TemplateError && error.file !== undefined) return error;
  const loc = exceptionLocation(error);
  const message = stripLocation(describeError(error));
  const missing = /^"(.*)" not defined in /.exec(message);
  if (missing)
    return templateError('MISSING_VARIABLE', file, loc, `"${missing[1]}" is not defined`, { cause: error, key: missing[1] as string });
  const partial = /^The partial (.*) could not be found/.exec(message);
  if (partial)
    return templateError('UNKNOWN_PARTIAL', file, loc, `unknown partial "${partial[1]}"`, { cause: error, key: partial[1] as string });
  const helper = /^Missing helper: "(.*)"/.exec(message);
  if (helper) return templateError('UNKNOWN_HELPER', file, loc, `unknown helper "${helper[1]}"`, { cause: error });
  const code = error instanceof ConfettiError ? error.code : 'RENDER_FAILED';
  return templateError(code, file, loc, `render failed: ${message}`, { cause: error });
}

// One confd resource (conf.d/*.toml, its [template] table) as a confetti resource file: every confd field carried
// over under the same name, `src` pointing at the converted template.
import { parse, TomlError } from 'smol-toml';
import { stringify } from 'yaml';
import type { ConvertNote } from './translate.js';

/** confd's TemplateResource fields, in the YAML's order. */
const FIELDS = ['src', 'dest', 'keys', 'prefix', 'uid', 'gid', 'mode', 'check_cmd', 'reload_cmd'] as const;

/** Fields confd read but never applied; confetti would chown, so they are carried as comments. */
const IGNORED_BY_CONFD = ['owner', 'group'] as const;

export interface ConfdResource {
  /** The template file named by `src`, relative to the confdir's templates/. */
  src: string;
  fields: Record<string, unknown>;
  /** owner/group as written: confd ignored them. */
  ignored: Record<string, unknown>;
  notes: ConvertNote[];
}

export class ResourceReadError extends Error {}

/** Read a confd TOML resource. Throws ResourceReadError when it cannot be used at all. */
export function readConfdResource(text: string): ConfdResource {
  let data: Record<string, unknown>;
  try {
    data = parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    throw new ResourceReadError(`${error.line}:${error.column}: invalid TOML: ${error.message.split('\n')[0] ?? ''}`);
  }
  const table = data['template'];
  if (typeof table !== 'object' || table === null || Array.isArray(table)) throw new ResourceReadError('no [template] table');
  const body = table as Record<string, unknown>;
  if (typeof body['src'] !== 'string' || body['src'] === '') throw new ResourceReadError('[template] has no src');
  const notes: ConvertNote[] = [];
  const line = (name: string): number => lineOf(text, name);
  const fields: Record<string, unknown> = {};
  for (const name of FIELDS) if (body[name] !== undefined) fields[name] = body[name];
  const ignored: Record<string, unknown> = {};
  for (const name of IGNORED_BY_CONFD) if (body[name] !== undefined) ignored[name] = body[name];
  for (const name of Object.keys(body)) {
    if (!(FIELDS as readonly string[]).includes(name) && !(IGNORED_BY_CONFD as readonly string[]).includes(name)) {
      notes.push({ line: line(name), column: 1, construct: `field ${name}`, todo: 'not a confd resource field; left out' });
    }
  }
  if (typeof fields['mode'] === 'string') fields['mode'] = convertMode(fields['mode'], line('mode'), notes);
  for (const name of ['check_cmd', 'reload_cmd'] as const) {
    if (typeof fields[name] === 'string') fields[name] = convertCommand(fields[name], name, line(name), notes);
  }
  return { src: body['src'], fields, ignored, notes };
}

/** The resource file: a comment naming where it came from, the fields, then what confd ignored, commented out. */
export function resourceYaml(fields: Record<string, unknown>, from: string, ignored: Record<string, unknown> = {}): string {
  let text = `# Converted from ${from} by confetti convert.\n${stringify(fields, { lineWidth: 0 })}`;
  if (Object.keys(ignored).length > 0) {
    const lines = stringify(ignored, { lineWidth: 0 })
      .trimEnd()
      .split('\n')
      .map((l) => `# ${l}`);
    text += `# confd ignored ${Object.keys(ignored).join(' and ')}; confetti applies them (chown of the file). Uncomment to do so:\n${lines.join('\n')}\n`;
  }
  return text;
}

// confd parses mode with strconv.ParseUint(mode, 0, 32): "0644" is octal, but "644" is decimal (mode 01204).
// confetti's modes are always octal, so "644" here is what its author meant; say so.
function convertMode(mode: string, line: number, notes: ConvertNote[]): string {
  if (/^0[0-7]*$/.test(mode) || /^0[oO][0-7]+$/.test(mode)) return mode.replace(/^0[oO]/, '0');
  if (/^[1-9]\d*$/.test(mode)) {
    const confd = Number.parseInt(mode, 10).toString(8);
    notes.push({
      line,
      column: 1,
      construct: `mode "${mode}"`,
      todo: `confd read this as decimal (mode 0${confd}); written as octal 0${mode.replace(/^0+/, '')}, which is what confetti reads: check it`,
    });
    return '0' + mode;
  }
  return mode;
}

// confd runs its commands through Go's text/template with .src (and .dest); confetti writes {{src}} and
// {{dest}} shell-quoted, so quotes around them go.
function convertCommand(command: string, name: string, line: number, notes: ConvertNote[]): string {
  const out = command.replace(/(['"]?)\{\{-?\s*\.(src|dest)\s*-?\}\}\1/g, '{{$2}}');
  if (/\{\{(?!src\}\}|dest\}\})/.test(out)) {
    notes.push({
      line,
      column: 1,
      construct: `${name} template`,
      todo: 'only {{src}} and {{dest}} are replaced in commands; rewrite the rest',
    });
  }
  return out;
}

function lineOf(text: string, field: string): number {
  const index = text.split(/\r?\n/).findIndex((l) => new RegExp(`^\\s*${field}\\s*=`).test(l));
  return index === -1 ? 1 : index + 1;
}

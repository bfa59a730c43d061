// The one way templates are loaded (template-store.ts, for every command):
// read the template and every partial file it reaches, then compile them together. The hash covers every file read
// (a missing partial too), so a store can tell "nothing changed" from the bytes without compiling.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CompiledTemplate, CompileOptions } from './compile.js';
import { compileTemplate, readError } from './compile.js';
import { hb } from './handlebars.js';
import { findPartialCalls, PARTIAL_BLOCK, partialFile } from './partial-calls.js';

/** Where partials live for a confdir: `{{> haproxy/backend}}` is `<confdir>/templates/partials/haproxy/backend.hbs`. */
export function partialsDirOf(confdir: string): string {
  return join(confdir, 'templates', 'partials');
}

export interface TemplateLoadOptions {
  /** Partials directory (partialsDirOf); without it a template calling a file partial does not compile. */
  partialsDir?: string | undefined;
  compile?: Omit<CompileOptions, 'partials'>;
}

/** The bytes a template compiles from: its source and every partial file it can reach. */
export interface TemplateInputs {
  readonly file: string;
  readonly source: string;
  /** Partial name → source, undefined when the file does not exist. */
  readonly partials: ReadonlyMap<string, string | undefined>;
  /** Files read, the template first (for watching and stamps). */
  readonly files: readonly string[];
  /** sha256 over every file's path and bytes. */
  readonly hash: string;
}

/** Read `file` and the partials it calls, transitively (an unreadable one is TEMPLATE_READ naming it). */
export async function readTemplateInputs(file: string, opts: TemplateLoadOptions = {}): Promise<TemplateInputs> {
  const abs = resolve(file);
  let source: string;
  try {
    source = await readFile(abs, 'utf8');
  } catch (error) {
    throw readError(abs, error);
  }
  const partials = new Map<string, string | undefined>();
  const files = [abs];
  const hash = createHash('sha256').update(`${abs}\0${source}\0`);
  const dir = opts.partialsDir === undefined ? undefined : resolve(opts.partialsDir);
  const queue = dir === undefined ? [] : namesIn(source, abs);
  while (dir !== undefined && queue.length > 0) {
    const name = queue.shift() as string;
    if (partials.has(name)) continue;
    const pfile = partialFile(dir, name);
    const text = await readText(pfile);
    partials.set(name, text);
    files.push(pfile);
    hash.update(`${pfile}\0${text === undefined ? '\u0001missing' : text}\0`);
    if (text !== undefined) queue.push(...namesIn(text, pfile));
  }
  return { file: abs, source, partials, files, hash: hash.digest('hex') };
}

/** Compile what readTemplateInputs read; nothing is read again. */
export function compileTemplateInputs(inputs: TemplateInputs, opts: TemplateLoadOptions = {}): CompiledTemplate {
  const dir = opts.partialsDir === undefined ? undefined : resolve(opts.partialsDir);
  const partials = dir === undefined ? undefined : { dir, read: (name: string) => inputs.partials.get(name) };
  return compileTemplate(inputs.source, inputs.file, { ...opts.compile, partials });
}

// Handlebars' lexer opens a partial with "{{>" or "{{#>" (either with "~"), nothing in between.
const PARTIAL_OPEN = /\{\{~?#?>/;

// Partial names a source calls; a source that does not parse calls none here (compiling it reports the error).
function namesIn(source: string, file: string): string[] {
  if (!PARTIAL_OPEN.test(source)) return []; // most templates call no partial: skip a second parse
  try {
    return findPartialCalls(hb.parseWithoutProcessing(source), file)
      .map((c) => c.name)
      .filter((n) => n !== PARTIAL_BLOCK);
  } catch {
    return [];
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw readError(file, error);
  }
}

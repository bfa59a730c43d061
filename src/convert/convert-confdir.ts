// `confetti convert`: a confd confdir (conf.d/*.toml + Go templates) becomes a confetti confdir
// (conf.d/<name>.yaml + templates/<name>.hbs in the confd dialect). Nothing is overwritten without `force`.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { readConfdResource, resourceYaml, ResourceReadError } from './convert-resource.js';
import type { ConvertNote, ConvertResult } from './translate.js';
import { convertTemplate } from './translate.js';

export interface ConvertOptions {
  force: boolean;
  dryRun: boolean;
}

export interface LocatedNote extends ConvertNote {
  file: string;
}

export interface PlannedFile {
  path: string;
  content: string;
}

export interface ResourceOutcome {
  name: string;
  /** converted: nothing to review; review: written, with notes; exists: not written; unreadable: input error. */
  status: 'converted' | 'review' | 'exists' | 'unreadable';
  files: PlannedFile[];
  notes: LocatedNote[];
  /** For exists and unreadable. */
  reason?: string;
}

/** The confdir itself cannot be read (no conf.d/): nothing was converted. */
export class ConvertInputError extends Error {}

const TEMPLATE_SUFFIX = /\.(tmpl|tpl|template|tmp|go|gotmpl)$/;

/** Convert every conf.d/*.toml of `from` into `to`; outcomes in file name order. */
export async function convertConfdir(from: string, to: string, options: ConvertOptions): Promise<ResourceOutcome[]> {
  const confd = join(from, 'conf.d');
  let names: string[];
  try {
    names = (await readdir(confd)).filter((n) => n.endsWith('.toml')).sort();
  } catch (error) {
    throw new ConvertInputError(`cannot read ${confd}: ${(error as Error).message}`);
  }
  if (names.length === 0) throw new ConvertInputError(`${confd} has no *.toml resource files`);
  const templates = new Map<string, Promise<ConvertResult | Error>>();
  const outcomes: ResourceOutcome[] = [];
  for (const file of names) outcomes.push(await convertOne(from, to, file, templates, options));
  return outcomes;
}

async function convertOne(
  from: string,
  to: string,
  file: string,
  templates: Map<string, Promise<ConvertResult | Error>>,
  options: ConvertOptions,
): Promise<ResourceOutcome> {
  const name = file.replace(/\.toml$/, '');
  const tomlPath = join(from, 'conf.d', file);
  const unreadable = (reason: string): ResourceOutcome => ({ name, status: 'unreadable', files: [], notes: [], reason });
  let resource;
  try {
    resource = readConfdResource(await readFile(tomlPath, 'utf8'));
  } catch (error) {
    if (error instanceof ResourceReadError) return unreadable(`${tomlPath}:${error.message}`);
    return unreadable(`cannot read ${tomlPath}: ${(error as Error).message}`);
  }
  const srcPath = join(from, 'templates', resource.src);
  let pending = templates.get(srcPath);
  if (pending === undefined) {
    pending = readFile(srcPath, 'utf8').then(convertTemplate, (error: unknown) => error as Error);
    templates.set(srcPath, pending);
  }
  const converted = await pending;
  if (converted instanceof Error) return unreadable(`cannot read template ${srcPath}: ${converted.message}`);
  const notes: LocatedNote[] = [
    ...resource.notes.map((n) => ({ ...n, file: tomlPath })),
    ...converted.notes.map((n) => ({ ...n, file: srcPath })),
  ];
  if (converted.source === undefined)
    return { name, status: 'unreadable', files: [], notes, reason: `${srcPath} is not a valid Go template` };
  const hbsName = join(dirname(resource.src), basename(resource.src).replace(TEMPLATE_SUFFIX, '') + '.hbs');
  const files: PlannedFile[] = [
    {
      path: join(to, 'conf.d', `${name}.yaml`),
      content: resourceYaml({ ...resource.fields, src: hbsName }, resolve(tomlPath), resource.ignored),
    },
    { path: join(to, 'templates', hbsName), content: converted.source },
  ];
  if (!options.force) {
    for (const f of files) {
      // A template shared by two resources is written once: the second finds it with the same content.
      if ((await exists(f.path)) && (await readFile(f.path, 'utf8').catch(() => '')) !== f.content) {
        return { name, status: 'exists', files, notes, reason: `${f.path} exists (use --force to overwrite)` };
      }
    }
  }
  if (!options.dryRun) {
    for (const f of files) {
      await mkdir(dirname(f.path), { recursive: true });
      await writeFile(f.path, f.content);
    }
  }
  return { name, status: notes.length > 0 ? 'review' : 'converted', files, notes };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

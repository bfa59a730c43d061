// A confd case on disk (test/fixtures/confd-corpus/<case>/): data.yaml as the flat keys confd's file backend reads,
// the optional env file, and each conf.d/*.toml resource, ready for renderWithGo or for a converted resource.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { flattenDocument } from '../../src/backends/file-flatten.js';

export interface ConfdResource {
  /** The resource file, e.g. `…/confd/conf.d/haproxy.toml`. */
  file: string;
  /** `src`, relative to the templates directory. */
  src: string;
  /** `dest` as written (`@OUT@/haproxy.cfg` in the corpus). */
  dest: string;
  keys: string[];
  /** `prefix`, "" when absent. */
  prefix: string;
}

export interface ConfdCase {
  name: string;
  dir: string;
  /** data.yaml flattened: "/a/b" → value. */
  keys: Record<string, string>;
  /** The env file's variables ({} without one): the whole environment confd ran with. */
  env: Record<string, string>;
  templatesDir: string;
  resources: ConfdResource[];
}

/** Read a corpus case: `confd/conf.d/*.toml`, `confd/templates/`, `data.yaml`, optional `env`. */
export async function readConfdCase(dir: string): Promise<ConfdCase> {
  const confdir = join(dir, 'confd');
  const names = (await readdir(join(confdir, 'conf.d'))).filter((n) => n.endsWith('.toml')).sort();
  return {
    name: basename(dir),
    dir,
    keys: await readConfdData(join(dir, 'data.yaml')),
    env: await readEnvFile(join(dir, 'env')),
    templatesDir: join(confdir, 'templates'),
    resources: await Promise.all(names.map((n) => readConfdResource(join(confdir, 'conf.d', n)))),
  };
}

/** A confd `[template]` resource file: the fields that decide what the template sees and where it goes. */
export async function readConfdResource(file: string): Promise<ConfdResource> {
  const doc = parseToml(await readFile(file, 'utf8')) as { template?: Record<string, unknown> };
  const t = doc.template;
  if (t === undefined || typeof t.src !== 'string') throw new Error(`${file}: no [template] table with a src`);
  const keys = t.keys ?? [];
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
    throw new Error(`${file}: keys must be a list of strings`);
  }
  return {
    file,
    src: t.src,
    dest: typeof t.dest === 'string' ? t.dest : '',
    keys,
    prefix: typeof t.prefix === 'string' ? t.prefix : '',
  };
}

/**
 * data.yaml → flat keys, with confetti's own file-backend flattening (src/backends/file-flatten.ts). It equals
 * confd's (yaml.v2, nodeWalk) for maps and strings only: confd drops null keys, reads `yes`/`on` as booleans
 * (YAML 1.1), rewrites numbers (1.10 → "1.1", 0x1F → "31") and resolves `.`/`..` and `<<` merges, where confetti
 * keeps the written text. So any scalar that is not a string to YAML 1.1, or such a key, is refused here.
 */
export async function readConfdData(file: string): Promise<Record<string, string>> {
  const text = await readFile(file, 'utf8');
  assertStringsOnly(file, text);
  return Object.fromEntries(flattenDocument(text, file));
}

function assertStringsOnly(file: string, text: string): void {
  const doc = parseDocument(text, { version: '1.1', merge: false, uniqueKeys: false });
  if (doc.errors[0]) return; // flattenDocument reports parse errors with line and column
  const walk = (node: unknown, key: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const name = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof name !== 'string') refuse(file, `a key under ${key || '/'}`, 'not a string');
        const special = name === '<<' || name.split('/').some((s) => s === '.' || s === '..');
        if (special) refuse(file, `${key}/${name}`, 'special');
        walk(pair.value, `${key}/${name}`);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, `${key}/${i}`));
    else if (isScalar(node)) {
      if (typeof node.value !== 'string') refuse(file, key, node.value === null ? 'null' : typeof node.value);
    } else if (node !== null) refuse(file, key, 'an alias or an empty entry');
  };
  const root = doc.contents;
  if (root !== null && !isMap(root)) refuse(file, 'the top level', 'not a map');
  walk(root, '');
}

function refuse(file: string, where: string, what: string): never {
  throw new Error(`${file}: ${where} is ${what} to confd's YAML 1.1 reader; quote it so confd and confetti agree`);
}

/** `NAME=value` lines (the value is the rest of the line, unquoted); blank and `#` lines skipped; no file → {}. */
export async function readEnvFile(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const env: Record<string, string> = {};
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`${file}:${i + 1}: expected NAME=value`);
    env[line.slice(0, eq)] = line.slice(eq + 1);
  });
  return env;
}

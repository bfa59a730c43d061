// Resource file data → Resource: schema check, then paths, ids, durations; every problem collected.
import { statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { joinKey, mergePrefixes, normalizeKey } from '../keys/prefix.js';
import type { AccountLookup } from './accounts.js';
import { parsePositiveDuration } from './duration.js';
import { InvalidValue } from './invalid-value.js';
import { parseMode } from './mode.js';
import type { ParsedFile } from './parsed-file.js';
import { formatKeyPath, ProblemList } from './problems.js';
import type { KeyPath } from './problems.js';
import type { Resource } from './resource.js';
import { RESOURCE_BODY_SCHEMA, RESOURCE_KEYS, RESOURCE_TOML_SCHEMA } from './resource-schema.js';
import type { ResourceBody } from './resource-schema.js';
import { reportIssues } from './schema-issues.js';
import { parseWait } from './wait.js';

export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

export interface ResourceContext {
  confdir: string;
  /** Global prefix (settings.prefix). */
  prefix: string;
  accounts: AccountLookup;
}

export async function normalizeResource(
  parsed: ParsedFile,
  ctx: ResourceContext,
): Promise<{ resource: Resource | undefined; problems: ProblemList }> {
  const problems = new ProblemList();
  const base: KeyPath = parsed.format === 'toml' ? ['template'] : [];
  const body = checkSchema(parsed, problems, base);
  if (body === undefined) return { resource: undefined, problems };

  // Runs one field's parser; an InvalidValue becomes a problem at that key.
  const field = async <T>(name: string, parse: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await parse();
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      const path = [...base, name, ...error.path];
      problems.add('CONFIG_INVALID_VALUE', error.message, { file: parsed.file, key: formatKeyPath(path), line: parsed.lineOf(path) });
      return undefined;
    }
  };

  const src = body.src === undefined ? undefined : await field('src', () => templatePath(body.src ?? '', ctx.confdir));
  const dest = await field('dest', () => destPath(body.dest, ctx.confdir));
  const keys = body.keys?.map(normalizeKey);
  const prefix = joinKey(ctx.prefix, body.prefix ?? '/');
  const mode = await field('mode', () => (body.mode === undefined ? undefined : parseMode(body.mode, parsed.sourceOf([...base, 'mode']))));
  const uid = await field('owner', () => ownerId(body.owner, body.uid, 'owner', 'uid', ctx.accounts.uid));
  const gid = await field('group', () => ownerId(body.group, body.gid, 'group', 'gid', ctx.accounts.gid));
  const wait = await field('wait', () => (body.wait === undefined ? undefined : parseWait(body.wait)));
  const commandTimeoutMs = await field('command_timeout', () =>
    body.command_timeout === undefined ? DEFAULT_COMMAND_TIMEOUT_MS : parsePositiveDuration(body.command_timeout),
  );
  if (!problems.ok || src === undefined || dest === undefined || keys === undefined || commandTimeoutMs === undefined) {
    return { resource: undefined, problems };
  }
  const resource: Resource = {
    name: basename(parsed.file, extname(parsed.file)),
    file: parsed.file,
    src,
    dest,
    keys,
    prefix,
    prefixes: mergePrefixes(keys.map((k) => joinKey(prefix, k))),
    mode,
    uid,
    gid,
    checkCmd: nonEmpty(body.check_cmd),
    reloadCmd: nonEmpty(body.reload_cmd),
    wait,
    backup: body.backup ?? false,
    createDirs: body.create_dirs ?? false,
    commandTimeoutMs,
  };
  return { resource, problems };
}

// Fields that failed the schema are reported and dropped; the rest are still checked, so one pass finds all.
function checkSchema(parsed: ParsedFile, problems: ProblemList, base: KeyPath): Partial<ResourceBody> | undefined {
  if (parsed.data === null || parsed.data === undefined) {
    problems.add('CONFIG_INVALID_VALUE', 'file is empty; a resource needs src, dest and keys', { file: parsed.file });
    return undefined;
  }
  const result = (parsed.format === 'toml' ? RESOURCE_TOML_SCHEMA : RESOURCE_BODY_SCHEMA).safeParse(parsed.data);
  if (result.success) return 'template' in result.data ? result.data.template : result.data;
  const touched = reportIssues(result.error.issues, {
    parsed,
    problems,
    base,
    knownKeys: (path) => (path.length === base.length ? RESOURCE_KEYS : path.length === 0 ? ['template'] : ['min', 'max']),
    hints: { template: "YAML resources list their fields at the top level, without confd's [template] table" },
  });
  const raw = base.length === 0 ? parsed.data : isRecord(parsed.data) ? parsed.data.template : undefined;
  if (!isRecord(raw)) return undefined;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !touched.has(k) && RESOURCE_KEYS.includes(k)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Synchronous: 300 resources loaded in parallel queued 300 stats on libuv's 4 threads, ~100 ms on 2 busy cores
// against ~1 ms in a row (bench/oneshot.mjs "300 resources").
function templatePath(src: string, confdir: string): string {
  if (src.trim() === '') throw new InvalidValue('must name a template file');
  const path = resolve(join(confdir, 'templates'), src);
  let failure: NodeJS.ErrnoException | undefined;
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    failure = error as NodeJS.ErrnoException;
  }
  if (info?.isFile()) return path;
  throw new InvalidValue(`template ${path} ${info ? 'is not a file' : templateStatFailure(failure)}`);
}

// ENOENT is "does not exist"; a symlink loop or a permission problem says so instead.
function templateStatFailure(error: NodeJS.ErrnoException | undefined): string {
  if (error?.code === 'ELOOP') return 'cannot be read: too many levels of symbolic links (a symlink loop)';
  if (error?.code === 'EACCES') return 'cannot be read: permission denied';
  if (error?.code === 'ENOENT' || error?.code === 'ENOTDIR' || error === undefined) return 'does not exist';
  return `cannot be read (${error.code ?? error.message})`;
}

function destPath(dest: string | undefined, confdir: string): string | undefined {
  if (dest === undefined) return undefined;
  if (dest.trim() === '') throw new InvalidValue('must name the destination file');
  return resolve(confdir, dest);
}

async function ownerId(
  name: string | number | undefined,
  id: number | undefined,
  nameKey: string,
  idKey: string,
  lookup: (value: string | number) => Promise<number>,
): Promise<number | undefined> {
  if (name === undefined) return id;
  const resolved = await lookup(name);
  if (id !== undefined && id !== resolved)
    throw new InvalidValue(`${nameKey} ${JSON.stringify(name)} is id ${resolved} but ${idKey} is ${id}; set one of them`);
  return resolved;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}

// conf.d/*.yaml|*.yml|*.toml → resources in file-name order. A bad file is reported and skipped, not fatal.
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import { createAccountLookup } from './accounts.js';
import type { AccountLookup } from './accounts.js';
import { normalizeResource } from './normalize-resource.js';
import { readParsedFile } from './parsed-file.js';
import { realDest } from './real-dest.js';
import { ConfigProblemsError } from './problems.js';
import type { Resource } from './resource.js';
import type { Settings } from './settings.js';

export interface ResourceProblem {
  file: string;
  error: ConfigError;
}

export interface LoadedResources {
  resources: Resource[];
  problems: ResourceProblem[];
  warnings: string[];
}

export const RESOURCE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.toml'];

type ResourceSettings = Pick<Settings, 'confdir' | 'prefix'>;

export async function loadResources(settings: ResourceSettings, accounts = createAccountLookup()): Promise<LoadedResources> {
  const dir = join(settings.confdir, 'conf.d');
  const names = await listResourceFiles(dir);
  const warnings: string[] = [];
  for (const name of names.ignored) warnings.push(`${join(dir, name)}: ignored: not a .yaml, .yml or .toml file`);
  if (names.resources.length === 0) warnings.push(`${dir}: no resource files`);

  const loaded = await Promise.all(names.resources.map((name) => loadOne(join(dir, name), settings, accounts)));
  const resources: Resource[] = [];
  const problems: ResourceProblem[] = [];
  const byDest = new Map<string, Resource>();
  const byName = new Map<string, Resource>();
  for (const item of loaded) {
    warnings.push(...item.warnings);
    if (item.error) {
      problems.push({ file: item.file, error: item.error });
      continue;
    }
    const { resource } = item;
    const real = item.realDest;
    const destClash = byDest.get(real);
    const clash = destClash ?? byName.get(resource.name);
    if (clash) {
      const via = destClash && clash.dest !== resource.dest ? ` (both reach ${real})` : '';
      const what = destClash ? `dest ${resource.dest}${via}` : `name "${resource.name}"`;
      const code = destClash ? 'DUPLICATE_DEST' : 'DUPLICATE_NAME';
      const error = new ConfigError(code, `${what} is already used by ${clash.file}; resource skipped`, {
        file: resource.file,
        key: destClash ? 'dest' : undefined,
      });
      problems.push({ file: resource.file, error });
      continue;
    }
    byDest.set(real, resource);
    byName.set(resource.name, resource);
    resources.push(resource);
  }
  return { resources, problems, warnings };
}

/** Load one resource file; throws a ConfigError (a ConfigProblemsError listing every problem). */
export async function loadResourceFile(file: string, settings: ResourceSettings, accounts = createAccountLookup()): Promise<Resource> {
  const item = await loadOne(file, settings, accounts);
  if (item.error) throw item.error;
  return item.resource;
}

type Loaded =
  | { file: string; error: ConfigError; warnings: string[] }
  | { file: string; error?: undefined; resource: Resource; realDest: string; warnings: string[] };

async function loadOne(file: string, settings: ResourceSettings, accounts: AccountLookup): Promise<Loaded> {
  try {
    const parsed = await readParsedFile(file);
    const { resource, problems } = await normalizeResource(parsed, { ...settings, accounts });
    if (resource === undefined || !problems.ok) {
      return { file, error: new ConfigProblemsError(`invalid resource ${file}`, problems.errors), warnings: problems.warnings };
    }
    return { file, resource, realDest: realDest(resource.dest), warnings: problems.warnings };
  } catch (error) {
    if (error instanceof ConfigError) return { file, error, warnings: [] };
    throw error;
  }
}

async function listResourceFiles(dir: string): Promise<{ resources: string[]; ignored: string[] }> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new ConfigError('CONF_D_UNREADABLE', `cannot read resource directory (${(error as Error).message})`, { file: dir, cause: error });
  }
  // Plain code-point order: reloads run in resource order, so it must not depend on the locale.
  const files = entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const isResource = (name: string): boolean => RESOURCE_EXTENSIONS.includes(extname(name).toLowerCase());
  return { resources: files.filter(isResource), ignored: files.filter((n) => !isResource(n)) };
}

// Each settings layer as a list of given values, each knowing where it came from for error messages.
import type { ParsedFile } from './parsed-file.js';
import { formatKeyPath } from './problems.js';
import type { KeyPath, ProblemList, ProblemSite } from './problems.js';
import { envName, fileKey, flagName, OPTION_NAMES } from './settings-options.js';
import type { OptionName } from './settings-options.js';

/** Highest precedence first. */
export const LAYERS = ['flag', 'env', 'file', 'etcdctl'] as const;
export type LayerName = (typeof LAYERS)[number];

export interface Given {
  option: OptionName;
  value: unknown;
  layer: LayerName;
  /** Directory relative paths in this value resolve against. */
  base: string;
  /** Where it was written; `sub` is a path inside the value (["max"] of wait). */
  site(sub?: KeyPath): ProblemSite;
}

type Env = Readonly<Record<string, string | undefined>>;

export function flagLayer(flags: Record<string, unknown>, cwd: string): Given[] {
  return OPTION_NAMES.filter((name) => flags[name] !== undefined).map((option) => ({
    option,
    value: flags[option],
    layer: 'flag',
    base: cwd,
    site: () => ({ key: flagName(option) }),
  }));
}

/** CONFETTI_* variables; empty ones count as unset. Unknown CONFETTI_* names are warned about (typos). */
export function envLayer(env: Env, cwd: string, problems: ProblemList): Given[] {
  // CONFETTI_COMPILE_CACHE is read by dist/confetti.js (the loader), not a setting.
  const known = new Set([...OPTION_NAMES.map(envName), 'CONFETTI_CONFIG', 'CONFETTI_COMPILE_CACHE']);
  for (const name of Object.keys(env).sort()) {
    if (name.startsWith('CONFETTI_') && !known.has(name)) problems.warn('unknown setting in the environment; ignored', { key: name });
  }
  return OPTION_NAMES.filter((name) => nonEmpty(env[envName(name)])).map((option) => ({
    option,
    value: env[envName(option)],
    layer: 'env',
    base: cwd,
    site: () => ({ key: envName(option) }),
  }));
}

/** In order of preference: etcdctl v3's name first, then v2's (CoreOS hosts set ETCDCTL_PEERS for `etcdctl --peers`). */
export const ETCDCTL: Readonly<Partial<Record<OptionName, readonly string[]>>> = {
  endpoints: ['ETCDCTL_ENDPOINTS', 'ETCDCTL_ENDPOINT', 'ETCDCTL_PEERS'],
  cacert: ['ETCDCTL_CACERT'],
  cert: ['ETCDCTL_CERT'],
  key: ['ETCDCTL_KEY'],
  user: ['ETCDCTL_USER'],
};

/** etcdctl's own variables: used only when no flag, CONFETTI_* variable or settings file set the value. */
export function etcdctlLayer(env: Env, cwd: string): Given[] {
  const out: Given[] = [];
  for (const [option, names] of Object.entries(ETCDCTL) as [OptionName, readonly string[]][]) {
    const name = names.find((n) => nonEmpty(env[n]));
    if (name !== undefined) out.push({ option, value: env[name], layer: 'etcdctl', base: cwd, site: () => ({ key: name }) });
  }
  return out;
}

/** Given values from a settings file, under the file's own key names (`from`). */
export function fileGiven(parsed: ParsedFile, option: OptionName, value: unknown, base: string, from: string = fileKey(option)): Given {
  return {
    option,
    value,
    layer: 'file',
    base,
    site: (sub = []) => ({ file: parsed.file, key: formatKeyPath([from, ...sub]), line: parsed.lineOf([from, ...sub]) }),
  };
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

// Each settings layer as a list of given values, each knowing where it came from for error messages.
import type { ParsedFile } from './parsed-file.js';
import { formatKeyPath } from './problems.js';
import type { KeyPath, ProblemList, ProblemSite } from './problems.js';
import { ENV_SETTINGS, envName, fileKey, flagName, SETTING_NAMES, settingSpec } from './settings-table.js';
import type { SettingName } from './settings-table.js';

/** Highest precedence first. */
export const LAYERS = ['flag', 'env', 'file', 'etcdctl'] as const;
export type LayerName = (typeof LAYERS)[number];

export interface Given {
  option: SettingName;
  value: unknown;
  layer: LayerName;
  /** Directory relative paths in this value resolve against. */
  base: string;
  /** Where it was written; `sub` is a path inside the value (["max"] of wait). */
  site(sub?: KeyPath): ProblemSite;
}

type Env = Readonly<Record<string, string | undefined>>;

export function flagLayer(flags: Record<string, unknown>, cwd: string): Given[] {
  return SETTING_NAMES.filter((name) => flags[name] !== undefined).map((option) => ({
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
  const known = new Set([...ENV_SETTINGS.map(envName), 'CONFETTI_COMPILE_CACHE']);
  for (const name of Object.keys(env).sort()) {
    if (name.startsWith('CONFETTI_') && !known.has(name)) problems.warn('unknown setting in the environment; ignored', { key: name });
  }
  return ENV_SETTINGS.filter((name) => nonEmpty(env[envName(name)])).map((option) => ({
    option,
    value: env[envName(option)],
    layer: 'env',
    base: cwd,
    site: () => ({ key: envName(option) }),
  }));
}

/**
 * etcdctl's own variables (each setting's `etcdctl` list: v3's name first, then v2's; CoreOS hosts set ETCDCTL_PEERS
 * for `etcdctl --peers`): used only when no flag, CONFETTI_* variable or settings file set the value.
 */
export function etcdctlLayer(env: Env, cwd: string): Given[] {
  const out: Given[] = [];
  for (const option of SETTING_NAMES) {
    const name = settingSpec(option).etcdctl?.find((n) => nonEmpty(env[n]));
    if (name !== undefined) out.push({ option, value: env[name], layer: 'etcdctl', base: cwd, site: () => ({ key: name }) });
  }
  return out;
}

/** Given values from a settings file, under the file's own key names (`from`). */
export function fileGiven(parsed: ParsedFile, option: SettingName, value: unknown, base: string, from: string = fileKey(option)): Given {
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

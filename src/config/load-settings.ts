// Settings from flags > CONFETTI_* env > settings file > etcdctl's ETCDCTL_* > defaults; every problem reported at once.
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { InvalidValue } from './invalid-value.js';
import { readParsedFile } from './parsed-file.js';
import { ProblemList } from './problems.js';
import { DEFAULT_SETTINGS } from './settings-defaults.js';
import { settingsFileLayer } from './settings-file.js';
import { envLayer, etcdctlLayer, flagLayer } from './settings-layers.js';
import type { Given } from './settings-layers.js';
import { checkSettingsRules } from './settings-rules.js';
import { SETTING_NAMES, settingSpec } from './settings-table.js';
import type { SettingName, SettingValues } from './settings-table.js';
import type { Settings } from './settings.js';

export const DEFAULT_CONFIG_FILE = '/etc/confetti/confetti.yaml';

export interface SettingsInput {
  /** Options as commander parsed them (camelCase); only the ones the user gave (undefined = not given). */
  flags: Record<string, unknown>;
  env: Readonly<Record<string, string | undefined>>;
  /** Base for relative paths from flags and env; process.cwd() by default. */
  cwd?: string;
  /** Read when neither --config nor CONFETTI_CONFIG is given, and only if it exists. */
  defaultConfigFile?: string;
}

/** The winning value of each option, and where it came from (for rule messages). */
export type Chosen = { [K in SettingName]?: { value: SettingValues[K]; given: Given } };

export async function loadSettings(input: SettingsInput): Promise<Settings> {
  const cwd = input.cwd ?? process.cwd();
  const problems = new ProblemList();
  const configFile = await findConfigFile(input, cwd);
  const fileLayer: Given[] = [];
  if (configFile !== undefined) {
    try {
      fileLayer.push(...settingsFileLayer(await readParsedFile(configFile), problems));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.errors.push(error);
    }
  }
  const layers = [flagLayer(input.flags, cwd), envLayer(input.env, cwd, problems), fileLayer, etcdctlLayer(input.env, cwd)];
  const chosen = chooseValues(layers.flat(), problems);
  const settings = assemble(chosen, configFile, problems.warnings);
  checkSettingsRules(settings, chosen, problems);
  problems.throwIfAny('invalid settings');
  return settings;
}

// Every value a user wrote is checked, even one a higher layer overrides: a broken file stays broken.
// etcdctl's variables belong to another tool, so they are only checked when actually used.
function chooseValues(given: Given[], problems: ProblemList): Chosen {
  const chosen: Record<string, { value: unknown; given: Given }> = {};
  const seen = new Set<SettingName>();
  for (const item of given) {
    if (item.layer === 'etcdctl' && seen.has(item.option)) continue;
    const first = !seen.has(item.option);
    seen.add(item.option);
    try {
      const value: unknown = settingSpec(item.option).type.parse(item.value, item.base);
      if (first) chosen[item.option] = { value, given: item };
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      problems.add('CONFIG_INVALID_VALUE', error.message, item.site(error.path));
    }
  }
  return chosen;
}

// Each setting's winning value, else its default (lists copied: the defaults are shared).
function assemble(chosen: Chosen, configFile: string | undefined, warnings: string[]): Settings {
  const values: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const value = chosen[name]?.value ?? DEFAULT_SETTINGS[name];
    values[name] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  return { ...(values as SettingValues), config: configFile, warnings };
}

/** --config, else CONFETTI_CONFIG (both must exist), else the default file if it exists. */
async function findConfigFile(input: SettingsInput, cwd: string): Promise<string | undefined> {
  const flag = input.flags.config;
  const env = input.env.CONFETTI_CONFIG;
  if (typeof flag === 'string' && flag !== '') return resolve(cwd, flag);
  if (env !== undefined && env.trim() !== '') return resolve(cwd, env);
  const fallback = input.defaultConfigFile ?? DEFAULT_CONFIG_FILE;
  return (await access(fallback).then(
    () => true,
    () => false,
  ))
    ? fallback
    : undefined;
}

// Defaults, the lowest layer: each setting's `default` in the table.
import { SETTING_NAMES, settingSpec } from './settings-table.js';
import type { SettingValues } from './settings-table.js';

export const DEFAULT_SETTINGS = Object.freeze(
  Object.fromEntries(SETTING_NAMES.map((name) => [name, settingSpec(name).default])),
) as Readonly<SettingValues>;

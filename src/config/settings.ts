// Settings after precedence (flags > CONFETTI_* env > config file > etcdctl's ETCDCTL_* > defaults) and normalisation.
// One field per entry of SETTINGS (settings-table.ts), under the same name; durations are milliseconds, sizes bytes.
import type { SettingValues } from './settings-table.js';

export { BACKENDS, LOG_LEVELS, LOG_FORMATS } from './settings-table.js';
export type { BackendName, LogLevel } from './settings-table.js';

export type Settings = SettingValues & {
  /** Non-fatal findings while loading (unknown CONFETTI_* variables, ignored confd options), for the log. */
  warnings: string[];
};

// The settings file layer: confetti's YAML, or confd's confd.toml (see confd-settings.ts).
import { dirname } from 'node:path';
import type { ParsedFile } from './parsed-file.js';
import type { ProblemList } from './problems.js';
import { reportIssues } from './schema-issues.js';
import { SETTINGS_FILE_KEYS, SETTINGS_FILE_SCHEMA } from './settings-file-schema.js';
import { fileGiven } from './settings-layers.js';
import type { Given } from './settings-layers.js';
import { FILE_SETTINGS, fileKey } from './settings-table.js';
import { confdSettingsLayer } from './confd-settings.js';

export function settingsFileLayer(parsed: ParsedFile, problems: ProblemList): Given[] {
  if (parsed.format === 'toml') return confdSettingsLayer(parsed, problems);
  const data = parsed.data ?? {};
  const result = SETTINGS_FILE_SCHEMA.safeParse(data);
  let fields = result.data;
  if (!result.success) {
    const touched = reportIssues(result.error.issues, {
      parsed,
      problems,
      knownKeys: (path) => (path.length === 0 ? SETTINGS_FILE_KEYS : ['min', 'max']),
    });
    if (typeof data !== 'object' || Array.isArray(data)) return [];
    // Keys that passed the schema still count, so their own problems are reported in the same run.
    fields = Object.fromEntries(Object.entries(data).filter(([k]) => !touched.has(k) && SETTINGS_FILE_KEYS.includes(k)));
  }
  const base = dirname(parsed.file);
  return FILE_SETTINGS.filter((name) => fields?.[fileKey(name)] !== undefined).map((name) =>
    fileGiven(parsed, name, fields?.[fileKey(name)], base),
  );
}

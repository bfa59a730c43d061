// The YAML settings file (/etc/confetti/confetti.yaml): each setting the table allows in a file, under its snake_case name.
import * as z from 'zod/mini';
import { FILE_SETTINGS, fileKey, settingSpec } from './settings-table.js';

export const SETTINGS_FILE_SCHEMA = z.strictObject(
  Object.fromEntries(FILE_SETTINGS.map((name) => [fileKey(name), z.optional(settingSpec(name).type.schema)])),
);

export const SETTINGS_FILE_KEYS: readonly string[] = FILE_SETTINGS.map(fileKey);

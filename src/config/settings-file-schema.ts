// The YAML settings file (/etc/confetti/confetti.yaml): each option under its snake_case name.
import * as z from 'zod/mini';
import { RESOURCE_WAIT_SCHEMA } from './resource-schema.js';

const TEXT = z.string();
const LIST = z.union([z.string(), z.array(z.string())], 'must be a list or a comma-separated string');
const DURATION = z.union([z.string(), z.number()], 'must be a duration such as "500ms", "10s" or "1m30s"');
const SIZE = z.union([z.string(), z.number()], 'must be a size such as 65536 or "64MiB"');

export const SETTINGS_FILE_SCHEMA = z.strictObject({
  confdir: z.optional(TEXT),
  backend: z.optional(TEXT),
  file: z.optional(LIST),
  prefix: z.optional(TEXT),
  endpoints: z.optional(LIST),
  cacert: z.optional(TEXT),
  cert: z.optional(TEXT),
  key: z.optional(TEXT),
  user: z.optional(TEXT),
  password_file: z.optional(TEXT),
  insecure_skip_tls_verify: z.optional(z.boolean()),
  dial_timeout: z.optional(DURATION),
  request_timeout: z.optional(DURATION),
  log_level: z.optional(TEXT),
  log_format: z.optional(TEXT),
  sync_only: z.optional(z.boolean()),
  keep_stage_file: z.optional(z.boolean()),
  wait: z.optional(RESOURCE_WAIT_SCHEMA),
  interval: z.optional(DURATION),
  wait_for_data: z.optional(DURATION),
  max_output_size: z.optional(SIZE),
  render_timeout: z.optional(DURATION),
  dns_timeout: z.optional(DURATION),
  dns_refresh: z.optional(DURATION),
  exec: z.optional(TEXT),
  reload_signal: z.optional(TEXT),
  kill_signal: z.optional(TEXT),
  kill_timeout: z.optional(DURATION),
  exec_restart: z.optional(z.boolean()),
  listen: z.optional(z.union([z.string(), z.number()], 'must be an address such as "127.0.0.1:9480" or a port')),
  pid_file: z.optional(TEXT),
  watch_config: z.optional(z.boolean()),
});

export type SettingsFile = z.infer<typeof SETTINGS_FILE_SCHEMA>;

export const SETTINGS_FILE_KEYS: readonly string[] = Object.keys(SETTINGS_FILE_SCHEMA.shape);

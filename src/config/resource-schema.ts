// One schema per resource file kind. YAML: fields at the top level. TOML: confd's [template] table, unchanged.
import * as z from 'zod/mini';

const DURATION = z.union([z.string(), z.number()], 'must be a duration such as "500ms", "10s" or "1m30s"');
const ID = z.union([z.string(), z.number()], 'must be a name or a numeric id');

export const RESOURCE_WAIT_SCHEMA = z.union(
  [z.string(), z.number(), z.strictObject({ min: DURATION, max: z.optional(DURATION) })],
  'must be a duration, "min:max" or { min, max }',
);

export const RESOURCE_BODY_SCHEMA = z.strictObject({
  src: z.string(),
  dest: z.string(),
  // Empty: the template reads no keys (only the environment or DNS), as confd allows.
  keys: z.array(z.string()),
  prefix: z.optional(z.string()),
  mode: z.optional(z.union([z.string(), z.number()], 'must be an octal mode such as "0644"')),
  owner: z.optional(ID),
  group: z.optional(ID),
  uid: z.optional(z.int().check(z.nonnegative('must not be negative'))),
  gid: z.optional(z.int().check(z.nonnegative('must not be negative'))),
  check_cmd: z.optional(z.string()),
  reload_cmd: z.optional(z.string()),
  wait: z.optional(RESOURCE_WAIT_SCHEMA),
  backup: z.optional(z.boolean()),
  create_dirs: z.optional(z.boolean()),
  command_timeout: z.optional(DURATION),
});

export const RESOURCE_TOML_SCHEMA = z.strictObject({ template: RESOURCE_BODY_SCHEMA });

/** A resource's fields as written (YAML top level, or TOML's [template] table). */
export type ResourceBody = z.infer<typeof RESOURCE_BODY_SCHEMA>;
export type ResourceTomlFile = z.infer<typeof RESOURCE_TOML_SCHEMA>;

export const RESOURCE_KEYS: readonly string[] = Object.keys(RESOURCE_BODY_SCHEMA.shape);

// confd's confd.toml read as a settings file: its key names mapped onto ours, its backend names translated.
import { dirname } from 'node:path';
import * as z from 'zod/mini';
import type { ParsedFile } from './parsed-file.js';
import type { ProblemList } from './problems.js';
import { reportIssues } from './schema-issues.js';
import { fileGiven } from './settings-layers.js';
import type { Given } from './settings-layers.js';
import type { SettingName } from './settings-table.js';

const TEXT = z.optional(z.string());
const FLAG = z.optional(z.boolean());
/** confd options with no meaning in confetti (other backends, vault auth, SRV lookup): warned about, ignored. */
const UNSUPPORTED = [
  'auth_token',
  'auth_type',
  'table',
  'separator',
  'app_id',
  'user_id',
  'role_id',
  'secret_id',
  'secret_keyring',
  'srv_domain',
  'srv_record',
  'filter',
  'path',
  'noop',
] as const;

export const CONFD_SETTINGS_SCHEMA = z.strictObject({
  confdir: TEXT,
  backend: TEXT,
  nodes: z.optional(z.union([z.string(), z.array(z.string())], 'must be a list of nodes')),
  scheme: TEXT,
  prefix: TEXT,
  'log-level': TEXT,
  interval: z.optional(z.number()),
  watch: FLAG,
  client_cert: TEXT,
  client_key: TEXT,
  client_cakeys: TEXT,
  client_insecure: FLAG,
  basic_auth: FLAG,
  username: TEXT,
  password: TEXT,
  'sync-only': FLAG,
  file: z.optional(z.union([z.string(), z.array(z.string())], 'must be a list of files')),
  ...Object.fromEntries(UNSUPPORTED.map((key) => [key, z.optional(z.unknown())])),
});

export type ConfdSettingsFile = z.infer<typeof CONFD_SETTINGS_SCHEMA>;

/** confd "etcd" is the v2 API, "etcdv3" the v3 one. */
const BACKEND_NAMES: Readonly<Record<string, string>> = { etcd: 'etcdv2', etcdv3: 'etcd', file: 'file', env: 'env' };
const LOG_LEVEL_NAMES: Readonly<Record<string, string>> = { warning: 'warn', panic: 'error', fatal: 'error' };

/** Straight renames: confd key → our option. */
const RENAMES: readonly (readonly [keyof ConfdSettingsFile, SettingName])[] = [
  ['confdir', 'confdir'],
  ['prefix', 'prefix'],
  ['client_cert', 'cert'],
  ['client_key', 'key'],
  ['client_cakeys', 'cacert'],
  ['client_insecure', 'insecureSkipTlsVerify'],
  ['sync-only', 'syncOnly'],
  ['file', 'file'],
];

export function confdSettingsLayer(parsed: ParsedFile, problems: ProblemList): Given[] {
  const result = CONFD_SETTINGS_SCHEMA.safeParse(parsed.data ?? {});
  if (!result.success) {
    reportIssues(result.error.issues, { parsed, problems, knownKeys: () => Object.keys(CONFD_SETTINGS_SCHEMA.shape) });
    return [];
  }
  const toml = result.data as ConfdSettingsFile & Record<string, unknown>;
  const base = dirname(parsed.file);
  const at = (key: string) => ({ file: parsed.file, key, line: parsed.lineOf([key]) });
  const out: Given[] = [];
  // confd reads "" as Go's zero value, i.e. not set (its sample has client_cert = ""): so do we.
  const give = (option: SettingName, value: unknown, key: string): void => {
    if (value !== undefined && value !== '') out.push(fileGiven(parsed, option, value, base, key));
  };

  for (const [key, option] of RENAMES) give(option, toml[key], key);
  if (toml.backend !== undefined) {
    const name = BACKEND_NAMES[toml.backend];
    if (name === undefined)
      problems.add(
        'CONFIG_INVALID_VALUE',
        `confd backend "${toml.backend}" is not supported (confetti has etcdv3, etcd (v2), file, env)`,
        at('backend'),
      );
    else give('backend', name, 'backend');
  }
  if (toml.nodes !== undefined) {
    // confd joins `scheme` onto nodes written without one.
    const scheme = toml.scheme ?? 'http';
    const nodes = (Array.isArray(toml.nodes) ? toml.nodes : toml.nodes.split(',')).map((n) =>
      n.includes('://') ? n : `${scheme}://${n.trim()}`,
    );
    give('endpoints', nodes, 'nodes');
  }
  if (toml['log-level'] !== undefined) give('logLevel', LOG_LEVEL_NAMES[toml['log-level'].toLowerCase()] ?? toml['log-level'], 'log-level');
  if (toml.username !== undefined) give('user', toml.password ? `${toml.username}:${toml.password}` : toml.username, 'username');
  else if (toml.password !== undefined) problems.add('CONFIG_INVALID_VALUE', 'password needs username', at('password'));
  if (toml.interval !== undefined) {
    // confd polls every `interval` unless `watch` is on; confetti watches unless an interval is set.
    if (toml.watch === true) problems.warn('ignored: watch = true, and confetti watches unless an interval is set', at('interval'));
    else give('interval', toml.interval, 'interval');
  }
  for (const key of UNSUPPORTED) {
    if (toml[key] !== undefined && toml[key] !== false && toml[key] !== '')
      problems.warn('confd option not supported by confetti; ignored', at(key));
  }
  return out;
}

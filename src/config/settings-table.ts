// Every setting once: its kind of value, default, help, the commands whose flags have it, where else it may be given,
// and whether a SIGHUP applies it live. The CLI flags, CONFETTI_* names, settings-file keys and schema, the defaults,
// the assembled `Settings` type and the reload's restart list are all derived from this table.
import * as t from './setting-types.js';
import type { SettingType } from './setting-types.js';

export const BACKENDS = ['etcd', 'etcdv2', 'file', 'env'] as const;
export type BackendName = (typeof BACKENDS)[number];
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['text', 'json'] as const;

export const COMMANDS = ['render', 'watch', 'check', 'register'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface SettingSpec<T, D extends T | undefined> {
  type: SettingType<T>;
  /** The value when no layer gives one; undefined means unset (`Settings` then has `T | undefined`). */
  default: D;
  /** --help text; the default is appended from `default` (or `unset`). */
  help: string;
  /** What an unset value means, shown as the default in --help ("off", "fail fast"). */
  unset?: string;
  /** Overrides the kind's placeholder in --help (`--confdir <dir>`). */
  arg?: string;
  /** Commands that take it as a flag. A settings-file or CONFETTI_* value is read by every command. */
  commands: readonly CommandName[];
  /** 'all': flag, CONFETTI_* and settings file; 'flag+env': no file key; 'flag': a flag only (per invocation). */
  from: 'all' | 'flag+env' | 'flag';
  /** After a SIGHUP or a config file change in watch mode: applied at once, or logged as needing a restart. */
  reload: 'live' | 'restart';
  /** etcdctl's variables used as fallbacks, in order of preference. */
  etcdctl?: readonly string[];
  /** Choices commander checks for a command's flag (a usage error, exit 2); other values are checked by `type`. */
  choicesFor?: Partial<Record<CommandName, readonly string[]>>;
  /** The flag may be given more than once, each adding to the list (`--file a --file b`). */
  repeatable?: boolean;
  /** Help of a `--no-<flag>` that sets it false. */
  negate?: string;
  /** Another flag name for it: `--peers` for `--endpoints`. */
  alias?: { flag: string; help: string };
}

type From = SettingSpec<unknown, unknown>['from'];

// Infers each entry's value type (from `type`), whether it may be unset (from `default`) and where it may be given.
function setting<T, D extends T | undefined, const F extends From>(spec: SettingSpec<T, D> & { from: F }): SettingSpec<T, D> & { from: F } {
  return spec;
}

const ONE_SHOT_AND_WATCH = ['render', 'watch', 'check'] as const;
const ALL = ['render', 'watch', 'check', 'register'] as const;
const ETCD = ['render', 'watch', 'register'] as const;
const OUTPUT = ['render', 'watch'] as const;

export const SETTINGS = {
  confdir: setting({
    type: t.path,
    arg: '<dir>',
    default: '/etc/confetti',
    help: 'directory holding conf.d/ and templates/',
    commands: ONE_SHOT_AND_WATCH,
    from: 'all',
    reload: 'restart',
  }),
  // The settings file actually read: --config, CONFETTI_CONFIG, else DEFAULT_CONFIG_FILE when it exists.
  config: setting({
    type: t.path,
    default: undefined,
    unset: '/etc/confetti/confetti.yaml when present',
    help: 'settings file',
    commands: ALL,
    from: 'flag+env',
    reload: 'restart',
  }),
  backend: setting({
    type: t.oneOf(BACKENDS),
    default: 'etcd',
    help: 'key store',
    commands: ALL,
    from: 'all',
    reload: 'restart',
    choicesFor: { render: BACKENDS, watch: BACKENDS, check: BACKENDS, register: ['etcd', 'etcdv2'] },
  }),
  file: setting({
    type: t.paths,
    default: [],
    repeatable: true,
    help: 'file backend: YAML/JSON file or directory (repeatable)',
    commands: ONE_SHOT_AND_WATCH,
    from: 'all',
    reload: 'restart',
  }),
  /** Global key prefix, prepended to every resource's prefix (confd -prefix). */
  prefix: setting({
    type: t.keyPrefix,
    default: '/',
    help: 'key prefix prepended to every resource',
    commands: ONE_SHOT_AND_WATCH,
    from: 'all',
    reload: 'live',
  }),
  logLevel: setting({
    type: t.oneOf(LOG_LEVELS),
    arg: '<level>',
    default: 'info',
    help: 'debug, info, warn or error',
    commands: ALL,
    from: 'all',
    reload: 'live',
  }),
  // Text for a terminal; json for log collectors.
  logFormat: setting({
    type: t.oneOf(LOG_FORMATS),
    arg: '<format>',
    default: 'text',
    help: 'text or json',
    commands: ALL,
    from: 'all',
    reload: 'live',
  }),
  /** Bytes. */
  maxOutputSize: setting({
    type: t.size,
    default: 64 * 1024 * 1024,
    help: 'refuse a render larger than this',
    commands: ONE_SHOT_AND_WATCH,
    from: 'all',
    reload: 'live',
  }),
  /** Milliseconds. */
  renderTimeout: setting({
    type: t.positiveDuration,
    default: 10_000,
    help: 'abandon a render that runs longer, e.g. a runaway loop',
    commands: ONE_SHOT_AND_WATCH,
    from: 'all',
    reload: 'live',
  }),
  /** Milliseconds. The DNS cache is built once at start. */
  dnsTimeout: setting({
    type: t.positiveDuration,
    default: 3_000,
    help: 'limit for one lookupIP/lookupSRV lookup; a timeout renders an empty list',
    commands: ONE_SHOT_AND_WATCH,
    from: 'all',
    reload: 'restart',
  }),

  // The backend connection is built once; these need a restart.
  endpoints: setting({
    type: t.endpoints,
    default: ['http://127.0.0.1:2379'],
    help: 'comma-separated etcd URLs',
    commands: ETCD,
    from: 'all',
    reload: 'restart',
    etcdctl: ['ETCDCTL_ENDPOINTS', 'ETCDCTL_ENDPOINT', 'ETCDCTL_PEERS'],
    alias: { flag: '--peers <urls>', help: 'another name for --endpoints, as etcdctl v2 has it' },
  }),
  cacert: setting({
    type: t.path,
    default: undefined,
    help: 'CA bundle to verify etcd',
    commands: ETCD,
    from: 'all',
    reload: 'restart',
    etcdctl: ['ETCDCTL_CACERT'],
  }),
  cert: setting({
    type: t.path,
    default: undefined,
    help: 'client certificate',
    commands: ETCD,
    from: 'all',
    reload: 'restart',
    etcdctl: ['ETCDCTL_CERT'],
  }),
  key: setting({
    type: t.path,
    default: undefined,
    help: 'client key',
    commands: ETCD,
    from: 'all',
    reload: 'restart',
    etcdctl: ['ETCDCTL_KEY'],
  }),
  /** "name:password", or "name" with passwordFile. */
  user: setting({
    type: t.text,
    arg: '<name:password>',
    default: undefined,
    help: 'etcd user',
    commands: ETCD,
    from: 'all',
    reload: 'restart',
    etcdctl: ['ETCDCTL_USER'],
  }),
  passwordFile: setting({
    type: t.path,
    default: undefined,
    help: 'read the etcd password from this file (keeps it out of ps)',
    commands: ETCD,
    from: 'all',
    reload: 'restart',
  }),
  insecureSkipTlsVerify: setting({
    type: t.bool,
    default: false,
    help: 'do not verify etcd TLS certificates (logged as a warning)',
    commands: ETCD,
    from: 'all',
    reload: 'restart',
  }),
  /** Milliseconds. */
  dialTimeout: setting({
    type: t.positiveDuration,
    default: 5_000,
    help: 'connect timeout',
    commands: ETCD,
    from: 'all',
    reload: 'restart',
  }),
  /** Milliseconds. */
  requestTimeout: setting({
    type: t.positiveDuration,
    default: 10_000,
    help: 'per-request timeout',
    commands: ETCD,
    from: 'all',
    reload: 'restart',
  }),

  syncOnly: setting({
    type: t.bool,
    default: false,
    help: 'write files but run no check or reload commands',
    commands: OUTPUT,
    from: 'all',
    reload: 'live',
  }),
  keepStageFile: setting({
    type: t.bool,
    default: false,
    help: 'keep the stage file when check_cmd fails',
    commands: OUTPUT,
    from: 'all',
    reload: 'live',
  }),
  dryRun: setting({
    type: t.bool,
    default: false,
    help: 'write nothing, run nothing; print a unified diff for each file that would change',
    commands: ['render'],
    from: 'flag',
    reload: 'restart',
  }),
  /** Milliseconds. One-shot only (watch does not read it): retry the first snapshot this long. */
  waitForData: setting({
    type: t.duration,
    default: undefined,
    unset: 'fail fast',
    help: 'retry an unreachable backend this long before failing',
    commands: ['render'],
    from: 'all',
    reload: 'live',
  }),

  // Exec mode's child is started once with these; changing them needs a restart.
  exec: setting({
    type: t.text,
    arg: '<command>',
    default: undefined,
    help: 'exec mode: start this child after the first complete render and supervise it',
    commands: ['watch'],
    from: 'all',
    reload: 'restart',
  }),
  reloadSignal: setting({
    type: t.signal,
    default: undefined,
    unset: 'restart the child',
    help: 'exec mode: send this signal on each changed render',
    commands: ['watch'],
    from: 'all',
    reload: 'restart',
  }),
  killSignal: setting({
    type: t.signal,
    default: 'SIGTERM',
    help: 'exec mode: signal that stops the child',
    commands: ['watch'],
    from: 'all',
    reload: 'restart',
  }),
  /** Milliseconds. */
  killTimeout: setting({
    type: t.duration,
    default: 30_000,
    help: 'exec mode: SIGKILL the child this long after the kill signal',
    commands: ['watch'],
    from: 'all',
    reload: 'restart',
  }),
  execRestart: setting({
    type: t.bool,
    default: false,
    help: 'exec mode: restart the child when it dies unexpectedly instead of exiting non-zero',
    commands: ['watch'],
    from: 'all',
    reload: 'restart',
  }),

  listen: setting({
    type: t.listen,
    default: undefined,
    unset: 'off; host defaults to 127.0.0.1',
    help: 'serve /metrics, /healthz, /readyz, /status and / on this address',
    commands: ['watch'],
    from: 'all',
    reload: 'restart',
  }),
  pidFile: setting({
    type: t.path,
    default: undefined,
    help: 'write the process id here; removed on exit',
    commands: ['watch'],
    from: 'all',
    reload: 'restart',
  }),
  watchConfig: setting({
    type: t.bool,
    default: true,
    help: 'reload when files in conf.d/ or templates/ change',
    negate: 'reload only on SIGHUP',
    commands: ['watch'],
    from: 'all',
    reload: 'restart',
  }),
  /** Default quiescence for resources without `wait`. */
  wait: setting({
    type: t.wait,
    default: undefined,
    unset: 'none; max = 4×min',
    help: 'default quiescence: render once no change came for min, at most max after the first',
    commands: ['watch'],
    from: 'all',
    reload: 'live',
  }),
  /** Milliseconds; poll instead of watching when set. */
  interval: setting({
    type: t.positiveDuration,
    default: undefined,
    help: 'poll the store on this period instead of watching it',
    commands: ['watch'],
    from: 'all',
    reload: 'restart',
  }),
  /** Milliseconds. */
  dnsRefresh: setting({
    type: t.positiveDuration,
    default: 30_000,
    help: 'look up the names templates used again on this period and re-render what changed',
    commands: ['watch'],
    from: 'all',
    reload: 'restart',
  }),

  // register: per invocation, flags only.
  /** Milliseconds, whole seconds. */
  ttl: setting({
    type: t.wholeSeconds,
    default: 10_000,
    help: 'the key expires this long after the last keep-alive (whole seconds)',
    commands: ['register'],
    from: 'flag',
    reload: 'restart',
  }),
  checkCmd: setting({
    type: t.text,
    arg: '<command>',
    default: undefined,
    help: 'health command (sh -c); the key exists only while it exits 0',
    commands: ['register'],
    from: 'flag',
    reload: 'restart',
  }),
  /** Milliseconds. */
  checkInterval: setting({
    type: t.positiveDuration,
    default: 5_000,
    help: 'how often to run --check-cmd',
    commands: ['register'],
    from: 'flag',
    reload: 'restart',
  }),
  allowControlChars: setting({
    type: t.bool,
    default: false,
    help: 'accept a VALUE with control characters (newline, tab…); refused by default',
    commands: ['register'],
    from: 'flag',
    reload: 'restart',
  }),
};

export type SettingName = keyof typeof SETTINGS;
type ValueOf<S> = S extends SettingSpec<infer T, infer D> ? ([D] extends [undefined] ? T | undefined : T) : never;
export type SettingValues = { [K in SettingName]: ValueOf<(typeof SETTINGS)[K]> };
/** The table's entries as one (less precise) type, for code that walks it. */
export type AnySetting = SettingSpec<unknown, unknown>;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
export const settingSpec = (name: SettingName): AnySetting => SETTINGS[name];

export const flagName = (name: string): string => '--' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
export const envName = (name: string): string => 'CONFETTI_' + name.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
export const fileKey = (name: string): string => name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/** Settings a settings file may hold (so a SIGHUP may change them), and those a CONFETTI_* variable may. */
export type FileSettingName = { [K in SettingName]: (typeof SETTINGS)[K]['from'] extends 'all' ? K : never }[SettingName];
export const FILE_SETTINGS = SETTING_NAMES.filter((n): n is FileSettingName => settingSpec(n).from === 'all');
export const ENV_SETTINGS = SETTING_NAMES.filter((n) => settingSpec(n).from !== 'flag');

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { yamlAliasBomb } from '../../test/support/yaml-alias-bomb.js';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { loadSettings } from './load-settings.js';
import type { SettingsInput } from './load-settings.js';
import { ConfigProblemsError, describeProblem } from './problems.js';
import { SETTINGS_FILE_KEYS } from './settings-file-schema.js';
import { FILE_SETTINGS, fileKey } from './settings-table.js';
import type { Settings } from './settings.js';

const tempDir = useTempDirs('confetti-settings-');

interface Case {
  flags?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Written to <dir>/etc/confetti.yaml (or .toml) and passed with --config. */
  file?: string;
  fileName?: string;
}

/** Runs loadSettings in a temp dir (also the cwd), never reading /etc/confetti. */
async function load(c: Case): Promise<{ settings: Settings; dir: string; configFile: string }> {
  const dir = await tempDir();
  const configFile = join(dir, 'etc', c.fileName ?? 'confetti.yaml');
  const flags = { ...c.flags };
  if (c.file !== undefined) {
    await mkdir(join(dir, 'etc'), { recursive: true });
    await writeFile(configFile, c.file);
    flags.config ??= configFile;
  }
  const input: SettingsInput = { flags, env: c.env ?? {}, cwd: dir, defaultConfigFile: join(dir, 'absent.yaml') };
  return { settings: await loadSettings(input), dir, configFile };
}

async function problemsOf(c: Case): Promise<{ error: ConfigProblemsError; dir: string; configFile: string }> {
  const dir = await tempDir();
  const configFile = join(dir, 'etc', c.fileName ?? 'confetti.yaml');
  const flags = { ...c.flags };
  if (c.file !== undefined) {
    await mkdir(join(dir, 'etc'), { recursive: true });
    await writeFile(configFile, c.file);
    flags.config ??= configFile;
  }
  const error = await loadSettings({ flags, env: c.env ?? {}, cwd: dir, defaultConfigFile: join(dir, 'absent.yaml') }).then(
    () => expect.unreachable('loadSettings should have thrown'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigProblemsError);
  return { error: error as ConfigProblemsError, dir, configFile };
}

describe('loadSettings defaults', () => {
  it('uses the documented defaults when nothing is given', async () => {
    const { settings } = await load({});
    expect(settings).toEqual({
      config: undefined,
      confdir: '/etc/confetti',
      backend: 'etcd',
      file: [],
      prefix: '/',
      endpoints: ['http://127.0.0.1:2379'],
      cacert: undefined,
      cert: undefined,
      key: undefined,
      user: undefined,
      passwordFile: undefined,
      insecureSkipTlsVerify: false,
      dialTimeout: 5000,
      requestTimeout: 10_000,
      logLevel: 'info',
      logFormat: 'text',
      syncOnly: false,
      keepStageFile: false,
      wait: undefined,
      interval: undefined,
      waitForData: undefined,
      maxOutputSize: 64 * 1024 * 1024,
      renderTimeout: 10_000,
      dnsTimeout: 3000,
      dnsRefresh: 30_000,
      exec: undefined,
      reloadSignal: undefined,
      killSignal: 'SIGTERM',
      killTimeout: 30_000,
      execRestart: false,
      listen: undefined,
      pidFile: undefined,
      watchConfig: true,
      dryRun: false,
      ttl: 10_000,
      checkCmd: undefined,
      checkInterval: 5_000,
      allowControlChars: false,
      warnings: [],
    } satisfies Settings);
  });

  it('reads the default settings file only when it exists', async () => {
    const dir = await tempDir();
    const fallback = join(dir, 'confetti.yaml');
    const input = { flags: {}, env: {}, cwd: dir, defaultConfigFile: fallback };
    expect((await loadSettings(input)).config).toBeUndefined();
    await writeFile(fallback, 'log_level: debug\n');
    expect(await loadSettings(input)).toMatchObject({ config: fallback, logLevel: 'debug' });
  });
});

describe('loadSettings precedence', () => {
  // endpoints exists in every layer: each subset of layers must yield the highest one present.
  const LAYER_VALUES = {
    flag: 'http://flag:1',
    env: 'http://env:2',
    file: 'http://file:3',
    etcdctl: 'http://etcdctl:4',
  } as const;
  type LayerName = keyof typeof LAYER_VALUES;
  const ORDER: LayerName[] = ['flag', 'env', 'file', 'etcdctl'];
  const subsets = Array.from({ length: 16 }, (_, bits) => ORDER.filter((_, i) => bits & (1 << i)));

  it.each(subsets.map((s) => [s.join(' + ') || 'nothing', s] as const))('endpoints from %s', async (_, layers) => {
    const env: Record<string, string> = {};
    if (layers.includes('env')) env.CONFETTI_ENDPOINTS = LAYER_VALUES.env;
    if (layers.includes('etcdctl')) env.ETCDCTL_ENDPOINTS = LAYER_VALUES.etcdctl;
    const { settings } = await load({
      flags: layers.includes('flag') ? { endpoints: LAYER_VALUES.flag } : {},
      env,
      file: layers.includes('file') ? `endpoints: [${LAYER_VALUES.file}]\n` : undefined,
    });
    const winner = ORDER.find((l) => layers.includes(l));
    expect(settings.endpoints).toEqual([winner ? LAYER_VALUES[winner] : 'http://127.0.0.1:2379']);
  });

  // Every option, three distinct values: flag (A) > env (B) > file (C) > default (≠ C).
  type Sample = { flag: unknown; env: string; file: string; field: keyof Settings; expect: [unknown, unknown, unknown] };
  const SAMPLES: Record<string, Sample> = {
    confdir: { flag: '/f', env: '/e', file: 'confdir: /c', field: 'confdir', expect: ['/f', '/e', '/c'] },
    backend: { flag: 'etcdv2', env: 'env', file: 'backend: file\nfile: [/data.yaml]', field: 'backend', expect: ['etcdv2', 'env', 'file'] },
    file: {
      flag: ['/a.yaml'],
      env: '/b.yaml, /c.yaml',
      file: 'file: [/d.yaml]',
      field: 'file',
      expect: [['/a.yaml'], ['/b.yaml', '/c.yaml'], ['/d.yaml']],
    },
    prefix: { flag: '/f', env: 'e/', file: 'prefix: c', field: 'prefix', expect: ['/f', '/e', '/c'] },
    endpoints: {
      flag: 'https://f:1,https://g:1',
      env: 'e:2',
      file: 'endpoints: https://c:3',
      field: 'endpoints',
      expect: [['https://f:1', 'https://g:1'], ['http://e:2'], ['https://c:3']],
    },
    cacert: { flag: '/f.ca', env: '/e.ca', file: 'cacert: /c.ca', field: 'cacert', expect: ['/f.ca', '/e.ca', '/c.ca'] },
    cert: { flag: '/f.pem', env: '/e.pem', file: 'cert: /c.pem\nkey: /k.pem', field: 'cert', expect: ['/f.pem', '/e.pem', '/c.pem'] },
    key: { flag: '/f.key', env: '/e.key', file: 'key: /c.key\ncert: /c.pem', field: 'key', expect: ['/f.key', '/e.key', '/c.key'] },
    user: { flag: 'f:pw', env: 'e:pw', file: 'user: "c:pw"', field: 'user', expect: ['f:pw', 'e:pw', 'c:pw'] },
    passwordFile: { flag: '/f.pw', env: '/e.pw', file: 'password_file: /c.pw', field: 'passwordFile', expect: ['/f.pw', '/e.pw', '/c.pw'] },
    insecureSkipTlsVerify: {
      flag: true,
      env: 'false',
      file: 'insecure_skip_tls_verify: true',
      field: 'insecureSkipTlsVerify',
      expect: [true, false, true],
    },
    dialTimeout: { flag: '1s', env: '2s', file: 'dial_timeout: 3s', field: 'dialTimeout', expect: [1000, 2000, 3000] },
    requestTimeout: { flag: '1m', env: '2m', file: 'request_timeout: 3m', field: 'requestTimeout', expect: [60_000, 120_000, 180_000] },
    logLevel: { flag: 'debug', env: 'warn', file: 'log_level: error', field: 'logLevel', expect: ['debug', 'warn', 'error'] },
    logFormat: { flag: 'json', env: 'text', file: 'log_format: json', field: 'logFormat', expect: ['json', 'text', 'json'] },
    syncOnly: { flag: true, env: 'no', file: 'sync_only: true', field: 'syncOnly', expect: [true, false, true] },
    keepStageFile: { flag: true, env: '0', file: 'keep_stage_file: true', field: 'keepStageFile', expect: [true, false, true] },
    wait: {
      flag: '1s',
      env: '2s:3s',
      file: 'wait: { min: 4s }',
      field: 'wait',
      expect: [
        { minMs: 1000, maxMs: 4000 },
        { minMs: 2000, maxMs: 3000 },
        { minMs: 4000, maxMs: 16_000 },
      ],
    },
    interval: { flag: '10', env: '20s', file: 'interval: 30', field: 'interval', expect: [10_000, 20_000, 30_000] },
    waitForData: { flag: '1m', env: '2m', file: 'wait_for_data: 3m', field: 'waitForData', expect: [60_000, 120_000, 180_000] },
    maxOutputSize: {
      flag: '1KiB',
      env: '2048',
      file: 'max_output_size: 3MiB',
      field: 'maxOutputSize',
      expect: [1024, 2048, 3 * 1024 * 1024],
    },
    exec: {
      flag: 'haproxy -f a',
      env: 'haproxy -f b',
      file: 'exec: haproxy -f c',
      field: 'exec',
      expect: ['haproxy -f a', 'haproxy -f b', 'haproxy -f c'],
    },
    reloadSignal: {
      flag: 'SIGUSR2',
      env: 'hup',
      file: 'reload_signal: USR1',
      field: 'reloadSignal',
      expect: ['SIGUSR2', 'SIGHUP', 'SIGUSR1'],
    },
    killSignal: {
      flag: 'SIGINT',
      env: 'quit',
      file: 'kill_signal: SIGKILL',
      field: 'killSignal',
      expect: ['SIGINT', 'SIGQUIT', 'SIGKILL'],
    },
    renderTimeout: { flag: '1s', env: '2s', file: 'render_timeout: 3s', field: 'renderTimeout', expect: [1000, 2000, 3000] },
    dnsTimeout: { flag: '1s', env: '2s', file: 'dns_timeout: 4s', field: 'dnsTimeout', expect: [1000, 2000, 4000] },
    dnsRefresh: { flag: '10s', env: '20s', file: 'dns_refresh: 1m', field: 'dnsRefresh', expect: [10_000, 20_000, 60_000] },
    killTimeout: { flag: '1s', env: '2s', file: 'kill_timeout: 3s', field: 'killTimeout', expect: [1000, 2000, 3000] },
    execRestart: { flag: true, env: 'no', file: 'exec_restart: true', field: 'execRestart', expect: [true, false, true] },
    listen: {
      flag: '9480',
      env: ':9481',
      file: 'listen: 0.0.0.0:9482',
      field: 'listen',
      expect: [
        { host: '127.0.0.1', port: 9480 },
        { host: '127.0.0.1', port: 9481 },
        { host: '0.0.0.0', port: 9482 },
      ],
    },
    pidFile: { flag: '/f.pid', env: '/e.pid', file: 'pid_file: /c.pid', field: 'pidFile', expect: ['/f.pid', '/e.pid', '/c.pid'] },
    watchConfig: { flag: false, env: 'yes', file: 'watch_config: false', field: 'watchConfig', expect: [false, true, false] },
  };

  it('has a sample for every setting a file may hold', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...FILE_SETTINGS].sort());
  });

  describe.each(Object.entries(SAMPLES))('%s', (option, s) => {
    const envName = 'CONFETTI_' + fileKey(option).toUpperCase();

    it('flag beats env and file', async () => {
      const { settings } = await load({ flags: { [option]: s.flag }, env: { [envName]: s.env }, file: s.file + '\n' });
      expect(settings[s.field]).toEqual(s.expect[0]);
    });

    it('env beats file', async () => {
      const { settings } = await load({ env: { [envName]: s.env }, file: s.file + '\n' });
      expect(settings[s.field]).toEqual(s.expect[1]);
    });

    it('file beats the default', async () => {
      const { settings } = await load({ file: s.file + '\n' });
      expect(settings[s.field]).toEqual(s.expect[2]);
      expect((await load({})).settings[s.field]).not.toEqual(s.expect[2]);
    });
  });
});

describe('etcdctl variables', () => {
  const ETCDCTL = {
    ETCDCTL_ENDPOINTS: 'https://10.0.0.1:2379,https://10.0.0.2:2379',
    ETCDCTL_CACERT: '/pki/ca.pem',
    ETCDCTL_CERT: '/pki/client.pem',
    ETCDCTL_KEY: '/pki/client-key.pem',
    ETCDCTL_USER: 'root:secret',
  };

  it('are used when nothing else sets the value', async () => {
    const { settings } = await load({ env: ETCDCTL });
    expect(settings).toMatchObject({
      endpoints: ['https://10.0.0.1:2379', 'https://10.0.0.2:2379'],
      cacert: '/pki/ca.pem',
      cert: '/pki/client.pem',
      key: '/pki/client-key.pem',
      user: 'root:secret',
    });
  });

  it('lose to the settings file, CONFETTI_* and flags', async () => {
    const { settings } = await load({
      env: { ...ETCDCTL, CONFETTI_CACERT: '/env/ca.pem' },
      flags: { user: 'flag-user:pw' },
      file: 'endpoints: [http://file:2379]\ncert: /file/c.pem\nkey: /file/k.pem\n',
    });
    expect(settings).toMatchObject({
      endpoints: ['http://file:2379'],
      cacert: '/env/ca.pem',
      cert: '/file/c.pem',
      key: '/file/k.pem',
      user: 'flag-user:pw',
    });
  });

  it("fall back to etcdctl v2's ETCDCTL_ENDPOINT, then ETCDCTL_PEERS, after ETCDCTL_ENDPOINTS", async () => {
    const v2 = { ETCDCTL_ENDPOINT: 'http://endpoint:2379', ETCDCTL_PEERS: 'http://peer-a:2379,http://peer-b:2379' };
    expect((await load({ env: { ETCDCTL_PEERS: v2.ETCDCTL_PEERS } })).settings.endpoints).toEqual([
      'http://peer-a:2379',
      'http://peer-b:2379',
    ]);
    expect((await load({ env: v2 })).settings.endpoints).toEqual(['http://endpoint:2379']);
    expect((await load({ env: { ...v2, ETCDCTL_ENDPOINTS: 'http://v3:2379' } })).settings.endpoints).toEqual(['http://v3:2379']);
    const { error } = await problemsOf({ env: { ETCDCTL_PEERS: 'ftp://nope' } });
    expect(describeProblem(error)).toBe('ETCDCTL_PEERS: "ftp://nope": scheme must be http or https');
  });

  it('are only checked when used', async () => {
    const bad = { ETCDCTL_ENDPOINTS: 'ftp://nope' };
    expect((await load({ env: bad, flags: { endpoints: 'http://ok:1' } })).settings.endpoints).toEqual(['http://ok:1']);
    const { error } = await problemsOf({ env: bad });
    expect(describeProblem(error)).toBe('ETCDCTL_ENDPOINTS: "ftp://nope": scheme must be http or https');
  });
});

describe('settings file', () => {
  it('is found through --config before CONFETTI_CONFIG', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.yaml'), 'prefix: /a\n');
    await writeFile(join(dir, 'b.yaml'), 'prefix: /b\n');
    const base = { cwd: dir, defaultConfigFile: join(dir, 'absent.yaml') };
    expect(await loadSettings({ ...base, flags: { config: 'a.yaml' }, env: { CONFETTI_CONFIG: 'b.yaml' } })).toMatchObject({
      prefix: '/a',
      config: join(dir, 'a.yaml'),
    });
    expect(await loadSettings({ ...base, flags: {}, env: { CONFETTI_CONFIG: 'b.yaml' } })).toMatchObject({
      prefix: '/b',
      config: join(dir, 'b.yaml'),
    });
  });

  it('must exist when given explicitly', async () => {
    const dir = await tempDir();
    const error = await loadSettings({ flags: { config: 'missing.yaml' }, env: {}, cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigProblemsError);
    expect(describeProblem(error as ConfigProblemsError)).toBe(`${join(dir, 'missing.yaml')}: file does not exist`);
    expect((error as ConfigProblemsError).problems[0]?.code).toBe('CONFIG_FILE_NOT_FOUND');
  });

  it('resolves relative paths against its own directory; flags and env against the cwd', async () => {
    const { settings, dir } = await load({
      file: 'confdir: conf\nfile: [data/a.yaml]\ncacert: ../pki/ca.pem\ncert: pki/c.pem\nkey: pki/k.pem\n',
      flags: { passwordFile: 'secrets/pw' },
      env: { CONFETTI_CERT: 'env/c.pem' },
    });
    expect(settings).toMatchObject({
      confdir: join(dir, 'etc', 'conf'),
      file: [join(dir, 'etc', 'data', 'a.yaml')],
      cacert: join(dir, 'pki', 'ca.pem'),
      cert: join(dir, 'env', 'c.pem'),
      key: join(dir, 'etc', 'pki', 'k.pem'),
      passwordFile: join(dir, 'secrets', 'pw'),
    });
  });

  it('rejects an unknown key with its line and a suggestion', async () => {
    const { error, configFile } = await problemsOf({ file: 'prefix: /a\nlog-level: debug\n' });
    expect(describeProblem(error)).toBe(`${configFile}:2: log-level: unknown key; did you mean "log_level"?`);
  });

  it('reports malformed YAML with its line', async () => {
    const { error, configFile } = await problemsOf({ file: 'prefix: /a\nendpoints: [http://x:1\n' });
    expect(error.problems[0]).toMatchObject({ code: 'CONFIG_SYNTAX', file: configFile });
    expect(error.problems[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses a YAML alias bomb with the file and a code', async () => {
    const { error, configFile } = await problemsOf({ file: yamlAliasBomb() });
    expect(error.problems[0]).toMatchObject({ code: 'CONFIG_ALIAS_LIMIT', file: configFile });
  });

  it('rejects a file that is not a mapping', async () => {
    const { error } = await problemsOf({ file: '- a\n- b\n' });
    expect(error.problems[0]?.message).toBe('must be a mapping, got a list');
  });
});

describe('bad values', () => {
  it('name the option as the user wrote it in each layer', async () => {
    const flag = await problemsOf({ flags: { interval: 'often' } });
    expect(describeProblem(flag.error)).toMatch(/^--interval: must be a duration/);
    const env = await problemsOf({ env: { CONFETTI_INTERVAL: 'often' } });
    expect(describeProblem(env.error)).toMatch(/^CONFETTI_INTERVAL: must be a duration/);
    const file = await problemsOf({ file: 'prefix: /\n\ninterval: often\n' });
    expect(describeProblem(file.error)).toMatch(new RegExp(`^${file.configFile}:3: interval: must be a duration`));
  });

  it('are all reported at once, across layers, even when a higher layer overrides them', async () => {
    const { error, configFile } = await problemsOf({
      flags: { logLevel: 'loud', dialTimeout: '1s' },
      env: { CONFETTI_BACKEND: 'consul', CONFETTI_SYNC_ONLY: 'maybe' },
      file: 'dial_timeout: -1s\nwait:\n  min: 5s\n  max: 1s\nmax_output_size: huge\n',
    });
    expect(describeProblem(error).split('\n')).toEqual([
      '--log-level: must be one of debug, info, warn, error, got "loud"',
      'CONFETTI_BACKEND: must be one of etcd, etcdv2, file, env, got "consul"',
      'CONFETTI_SYNC_ONLY: must be true or false, got "maybe"',
      `${configFile}:1: dial_timeout: must be a duration such as "500ms", "10s", "1m30s" or a number of seconds, got "-1s"`,
      `${configFile}:4: wait.max: max 1s is shorter than min 5s`,
      `${configFile}:5: max_output_size: must be a size such as 65536, "512KiB" or "64MiB", got "huge"`,
    ]);
    expect(error.message.split('\n')[0]).toBe('invalid settings (6 problems):');
  });

  it('refuse a duration longer than a timer can wait, in every layer, naming the setting and the maximum', async () => {
    const max = /must be at most 596h31m23\.647s \(2147483647 ms, the longest a timer can wait\), got/;
    const flag = await problemsOf({ flags: { interval: '9999h' } });
    expect(describeProblem(flag.error)).toMatch(new RegExp(`^--interval: ${max.source} "9999h"$`));
    const env = await problemsOf({ env: { CONFETTI_KILL_TIMEOUT: '9999h' } });
    expect(describeProblem(env.error)).toMatch(new RegExp(`^CONFETTI_KILL_TIMEOUT: ${max.source}`));
    const file = await problemsOf({ file: 'render_timeout: 9999h\nwait: 200h\n' });
    expect(describeProblem(file.error).split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${file.configFile}:1: render_timeout: ${max.source}`)),
      expect.stringMatching(new RegExp(`^${file.configFile}:2: wait: max \\(4 × min\\) would be 800h`)),
    ]);
    const confd = await problemsOf({ file: 'interval = 99999999\n', fileName: 'confd.toml' });
    expect(describeProblem(confd.error)).toMatch(new RegExp(`^${confd.configFile}:1: interval: ${max.source} 99999999$`));
  });

  it('reject non-http endpoints and endpoints with paths', async () => {
    const { error } = await problemsOf({ flags: { endpoints: 'unix:///run/etcd.sock' }, env: { CONFETTI_ENDPOINTS: 'http://x:1/v3' } });
    expect(error.problems.map((p) => p.key)).toEqual(['--endpoints', 'CONFETTI_ENDPOINTS']);
  });

  it('reject a type the schema does not allow in the file', async () => {
    const { error, configFile } = await problemsOf({ file: 'sync_only: "perhaps"\nprefix: [a]\n' });
    expect(describeProblem(error).split('\n')).toEqual([
      `${configFile}:1: sync_only: must be a boolean, got "perhaps"`,
      `${configFile}:2: prefix: must be a string, got a list`,
    ]);
  });
});

describe('rules across settings', () => {
  it('the file backend needs file', async () => {
    const { error } = await problemsOf({ flags: { backend: 'file' } });
    expect(describeProblem(error)).toMatch(/^--backend: the file backend needs at least one --file/);
    expect((await load({ flags: { backend: 'file' }, env: { CONFETTI_FILE: '/d.yaml' } })).settings.file).toEqual(['/d.yaml']);
  });

  it('a client cert needs a key and the other way round', async () => {
    expect(describeProblem((await problemsOf({ flags: { cert: '/c.pem' } })).error)).toBe('--cert: a client cert needs a client key too');
    expect(describeProblem((await problemsOf({ env: { CONFETTI_KEY: '/k.pem' } })).error)).toBe(
      'CONFETTI_KEY: a client key needs a client cert too',
    );
  });

  it('a password in user conflicts with a password file', async () => {
    const { error } = await problemsOf({ flags: { user: 'root:pw', passwordFile: '/pw' } });
    expect(error.problems[0]).toMatchObject({ code: 'CONFIG_CONFLICT', key: '--user' });
  });
});

describe('environment', () => {
  it('ignores empty CONFETTI_* variables and warns about unknown ones', async () => {
    const { settings } = await load({ env: { CONFETTI_PREFIX: '', CONFETTI_LOGLEVEL: 'debug', CONFETTI_CONFIG: '' } });
    expect(settings.prefix).toBe('/');
    expect(settings.logLevel).toBe('info');
    expect(settings.warnings).toEqual(['CONFETTI_LOGLEVEL: unknown setting in the environment; ignored']);
  });

  it('accepts yes/no, on/off and 1/0 for switches', async () => {
    expect((await load({ env: { CONFETTI_SYNC_ONLY: 'YES', CONFETTI_KEEP_STAGE_FILE: 'on' } })).settings).toMatchObject({
      syncOnly: true,
      keepStageFile: true,
    });
    expect((await load({ env: { CONFETTI_INSECURE_SKIP_TLS_VERIFY: '1' } })).settings.insecureSkipTlsVerify).toBe(true);
  });
});

describe("confd's confd.toml", () => {
  const CONFD = [
    'backend = "etcdv3"',
    'confdir = "confd"',
    'nodes = ["10.0.0.1:2379", "https://10.0.0.2:2379"]',
    'scheme = "https"',
    'prefix = "/production"',
    'log-level = "warning"',
    'interval = 30',
    'client_cert = "/pki/c.pem"',
    'client_key = "/pki/k.pem"',
    'client_cakeys = "/pki/ca.pem"',
    'username = "root"',
    'password = "s3cret"',
    'basic_auth = true',
    'sync-only = true',
  ].join('\n');

  it('maps confd names onto ours', async () => {
    const { settings, dir, configFile } = await load({ file: CONFD + '\n', fileName: 'confd.toml' });
    expect(settings).toMatchObject({
      config: configFile,
      backend: 'etcd',
      confdir: join(dir, 'etc', 'confd'),
      endpoints: ['https://10.0.0.1:2379', 'https://10.0.0.2:2379'],
      prefix: '/production',
      logLevel: 'warn',
      interval: 30_000,
      cert: '/pki/c.pem',
      key: '/pki/k.pem',
      cacert: '/pki/ca.pem',
      user: 'root:s3cret',
      syncOnly: true,
      warnings: [],
    });
  });

  it('reads empty strings (confd\'s sample has client_cert = "") as not set', async () => {
    const file = 'backend = "etcdv3"\nclient_cert = ""\nclient_key = ""\nclient_cakeys = ""\nprefix = ""\nsrv_domain = ""\n';
    const { settings } = await load({ file, fileName: 'confd.toml' });
    expect(settings).toMatchObject({ cert: undefined, key: undefined, cacert: undefined, prefix: '/', warnings: [] });
  });

  it('reads backend "etcd" as the v2 API, and file with its file', async () => {
    expect((await load({ file: 'backend = "etcd"\n', fileName: 'confd.toml' })).settings.backend).toBe('etcdv2');
    const { settings, dir } = await load({ file: 'backend = "file"\nfile = ["data.yaml"]\n', fileName: 'confd.toml' });
    expect(settings).toMatchObject({ backend: 'file', file: [join(dir, 'etc', 'data.yaml')] });
  });

  it('still loses to env and flags', async () => {
    const { settings } = await load({
      file: CONFD + '\n',
      fileName: 'confd.toml',
      env: { CONFETTI_PREFIX: '/env' },
      flags: { interval: '5s' },
    });
    expect(settings).toMatchObject({ prefix: '/env', interval: 5000 });
  });

  it('ignores interval when watch = true, and warns about options confetti does not have', async () => {
    const { settings, configFile } = await load({
      file: 'watch = true\ninterval = 600\nsrv_domain = "example.com"\nnoop = false\n',
      fileName: 'confd.toml',
    });
    expect(settings.interval).toBeUndefined();
    expect(settings.warnings).toEqual([
      `${configFile}:2: interval: ignored: watch = true, and confetti watches unless an interval is set`,
      `${configFile}:3: srv_domain: confd option not supported by confetti; ignored`,
    ]);
  });

  it('rejects unknown keys with their line, unsupported backends, and bad values by confd name', async () => {
    const { error, configFile } = await problemsOf({ file: 'prefix = "/p"\nbackends = "etcd"\n', fileName: 'confd.toml' });
    expect(describeProblem(error)).toBe(`${configFile}:2: backends: unknown key; did you mean "backend"?`);
    const consul = await problemsOf({ file: 'backend = "consul"\n', fileName: 'confd.toml' });
    expect(consul.error.problems[0]?.message).toMatch(/confd backend "consul" is not supported/);
    const nodes = await problemsOf({ file: 'nodes = ["ftp://x:1"]\n', fileName: 'confd.toml' });
    expect(describeProblem(nodes.error)).toBe(`${nodes.configFile}:1: nodes: "ftp://x:1": scheme must be http or https`);
  });

  it('reports malformed TOML with its line', async () => {
    const { error, configFile } = await problemsOf({ file: 'prefix = "/p"\nnodes = [\n', fileName: 'confd.toml' });
    expect(error.problems[0]).toMatchObject({ code: 'CONFIG_SYNTAX', file: configFile });
    expect(error.problems[0]?.line).toBeGreaterThanOrEqual(2);
  });
});

it('the YAML schema has one key per file setting, and none for the flag-only ones (register --ttl, render --dry-run)', () => {
  expect([...SETTINGS_FILE_KEYS].sort()).toEqual(FILE_SETTINGS.map(fileKey).sort());
  for (const flagOnly of ['ttl', 'check_cmd', 'check_interval', 'allow_control_chars', 'dry_run', 'config'])
    expect(SETTINGS_FILE_KEYS).not.toContain(flagOnly);
  expect(SETTINGS_FILE_KEYS).toContain('dial_timeout');
});

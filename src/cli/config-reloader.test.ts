// Every setting a settings file may hold, changed and reloaded the way SIGHUP reloads (the real loader, a real file):
// a 'live' one reaches the daemon, a 'restart' one is warned about by its file key and keeps its running value.
// test/ops/sighup-settings.test.ts sends a real SIGHUP to `confetti watch` for a few of them.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordingLogger, type LogRecord } from '../../test/support/recording-logger.js';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { configLoader } from './context.js';
import type { Settings } from '../config/settings.js';
import { FILE_SETTINGS, fileKey, settingSpec } from '../config/settings-table.js';
import type { FileSettingName, SettingName } from '../config/settings-table.js';
import type { Logger } from '../log/logger.js';
import { ConfigReloader, RESTART_SETTINGS } from '../daemon/config-reloader.js';
import { DaemonControl, type ResourceUpdate } from '../daemon/control.js';
import { TemplateStore } from '../template/template-store.js';

const tempDir = useTempDirs('confetti-reload-');

/** A value unlike the default for every file setting (YAML lines; a few bring the companion a rule asks for). */
const CHANGES: Record<FileSettingName, string> = {
  confdir: 'confdir: /elsewhere',
  backend: 'backend: env',
  file: 'file: [/data.yaml]',
  prefix: 'prefix: /other',
  logLevel: 'log_level: debug',
  logFormat: 'log_format: json',
  maxOutputSize: 'max_output_size: 1KiB',
  renderTimeout: 'render_timeout: 2s',
  dnsTimeout: 'dns_timeout: 1s',
  endpoints: 'endpoints: http://10.9.9.9:2379',
  cacert: 'cacert: /ca.pem',
  cert: 'cert: /c.pem\nkey: /k.pem',
  key: 'key: /k.pem\ncert: /c.pem',
  user: 'user: "root:pw"',
  passwordFile: 'password_file: /pw',
  insecureSkipTlsVerify: 'insecure_skip_tls_verify: true',
  dialTimeout: 'dial_timeout: 1s',
  requestTimeout: 'request_timeout: 1s',
  syncOnly: 'sync_only: true',
  keepStageFile: 'keep_stage_file: true',
  waitForData: 'wait_for_data: 5s',
  exec: 'exec: haproxy -f /x',
  reloadSignal: 'reload_signal: SIGUSR2',
  killSignal: 'kill_signal: SIGINT',
  killTimeout: 'kill_timeout: 2s',
  execRestart: 'exec_restart: true',
  listen: 'listen: 9999',
  pidFile: 'pid_file: /run/x.pid',
  watchConfig: 'watch_config: false',
  wait: 'wait: 2s',
  interval: 'interval: 5s',
  dnsRefresh: 'dns_refresh: 1m',
};

/** Where a live setting shows in what the daemon is handed; the rest are applied by onSettings' receiver (the logger). */
const IN_UPDATE: Partial<Record<SettingName, (u: ResourceUpdate) => unknown>> = {
  prefix: (u) => u.resources[0]?.prefixes,
  maxOutputSize: (u) => u.options.maxOutputSize,
  renderTimeout: (u) => u.options.renderTimeoutMs,
  syncOnly: (u) => u.options.syncOnly,
  keepStageFile: (u) => u.options.keepStageFile,
  wait: (u) => u.defaultWait,
};
const EXPECTED_IN_UPDATE: Partial<Record<SettingName, unknown>> = {
  prefix: ['/other/app'],
  maxOutputSize: 1024,
  renderTimeout: 2000,
  syncOnly: true,
  keepStageFile: true,
  wait: { minMs: 2000, maxMs: 8000 },
};

type Record_ = LogRecord;

function recordingLogger(): { logger: Logger; records: Record_[] } {
  const logger = new RecordingLogger();
  return { logger, records: logger.records };
}

async function reloadWith(name: FileSettingName) {
  const dir = await tempDir();
  const confdir = join(dir, 'etc');
  await mkdir(join(confdir, 'conf.d'), { recursive: true });
  await mkdir(join(confdir, 'templates'), { recursive: true });
  await writeFile(join(confdir, 'templates', 'app.hbs'), 'x={{getv "/app/x"}}\n');
  await writeFile(join(confdir, 'conf.d', 'app.yaml'), `src: app.hbs\ndest: ${join(dir, 'app.conf')}\nkeys: ["/app"]\n`);
  const file = join(dir, 'confetti.yaml');
  const base = `confdir: ${confdir}\n`;
  await writeFile(file, base);
  const load = configLoader({ config: file });
  const running = await load.settings();
  const { resources } = await load.resources(running);
  const { logger, records } = recordingLogger();
  const control = new DaemonControl();
  const applied: Settings[] = [];
  const reloader = new ConfigReloader({
    load,
    control,
    templates: new TemplateStore(),
    logger,
    settings: running,
    resources,
    onSettings: (s) => applied.push(s),
  });

  await writeFile(file, name === 'confdir' ? `${CHANGES.confdir}\n` : `${base}${CHANGES[name]}\n`);
  const summary = await reloader.reload('SIGHUP');
  const requests = control.take();
  const update = requests[0]?.type === 'update' ? requests[0].update : undefined;
  // The value the file now gives, read the same way a fresh start would.
  const wanted = (await configLoader({ config: file }).settings())[name];
  return { summary, records, running, applied: applied[0], update, wanted };
}

const needsRestart = (records: Record_[], key: string): Record_[] =>
  records.filter((r) => r.level === 'warn' && r.msg.includes('needs a restart') && r.fields?.setting === key);

describe('reloading the settings file (SIGHUP)', () => {
  it('has a changed value for every setting a file may hold', () => {
    expect(Object.keys(CHANGES).sort()).toEqual([...FILE_SETTINGS].sort());
  });

  it('leaves out only flags (and CONFETTI_CONFIG), which a reload reads unchanged', () => {
    for (const name of ['config', 'dryRun', 'ttl', 'checkCmd', 'checkInterval', 'allowControlChars'] as const)
      expect(settingSpec(name).from).not.toBe('all');
  });

  it.each(FILE_SETTINGS.map((name) => [fileKey(name), name, settingSpec(name).reload] as const))('%s: %s', async (key, name, reload) => {
    const r = await reloadWith(name);
    expect(r.summary, 'the reload went through').toBeDefined();
    expect(r.update, 'the daemon was handed the reloaded configuration').toBeDefined();
    expect(r.wanted, 'the sample changes the value').not.toEqual(r.running[name]);
    if (reload === 'restart') {
      expect(needsRestart(r.records, key), `a warning names ${key}`).toHaveLength(1);
      expect(r.applied?.[name], 'the running value stays').toEqual(r.running[name]);
      // Resources still load from the running confdir (and backend etc.): nothing is half applied.
      expect(r.update?.resources.map((res) => res.name)).toEqual(['app']);
    } else {
      expect(needsRestart(r.records, key)).toEqual([]);
      expect(r.applied?.[name], 'handed to onSettings (the logger takes log_level and log_format from it)').toEqual(r.wanted);
      const pick = IN_UPDATE[name];
      if (pick !== undefined) expect(pick(r.update as ResourceUpdate)).toEqual(EXPECTED_IN_UPDATE[name]);
    }
  });

  it('restarts for what the running process built once, and nothing else', () => {
    expect(
      [...RESTART_SETTINGS]
        .filter((n) => settingSpec(n).from === 'all')
        .map(fileKey)
        .sort(),
    ).toEqual([
      'backend',
      'cacert',
      'cert',
      'confdir',
      'dial_timeout',
      'dns_refresh',
      'dns_timeout',
      'endpoints',
      'exec',
      'exec_restart',
      'file',
      'insecure_skip_tls_verify',
      'interval',
      'key',
      'kill_signal',
      'kill_timeout',
      'listen',
      'password_file',
      'pid_file',
      'reload_signal',
      'request_timeout',
      'user',
      'watch_config',
    ]);
  });
});

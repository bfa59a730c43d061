// `confetti register KEY VALUE`: the other half of service discovery. The key lives while this process does.
import { Command, Option } from 'commander';
import { loadSettings } from '../config/index.js';
import { parsePositiveDuration } from '../config/duration.js';
import { normalizeKey } from '../backends/prefix.js';
import { ConfigError } from '../errors.js';
import { createLogger } from '../log/logger.js';
import { createRegistrar, runRegistration } from '../register/index.js';
import { addEtcdOptions, givenOptions } from './options.js';
import { abortOnSignals } from './signals.js';

export function createRegisterCommand(): Command {
  const cmd = new Command('register')
    .description('write KEY=VALUE with a TTL (etcd lease), keep it alive while running, delete it on SIGTERM/SIGINT')
    .argument('<key>', 'key to write, e.g. /services/web/instances/web-1')
    .argument('<value>', 'value, e.g. 10.0.0.5:8080 or {"host":"10.0.0.5","port":8080}')
    .option('--config <file>', 'settings file (default: /etc/confetti/confetti.yaml when present)')
    .addOption(new Option('--backend <name>', 'key store (default: etcd)').choices(['etcd', 'etcdv2']))
    .option('--ttl <duration>', 'the key expires this long after the last keep-alive (whole seconds, default: 10s)')
    .option('--check-cmd <command>', 'health command (sh -c); the key exists only while it exits 0')
    .option('--check-interval <duration>', 'how often to run --check-cmd (default: 5s)')
    .option('--log-level <level>', 'debug, info, warn or error (default: info)')
    .option('--log-format <format>', 'text or json (default: text)');
  addEtcdOptions(cmd);
  cmd.action(async (key: string, value: string) => {
    const flags = givenOptions(cmd);
    const settings = await loadSettings({ flags, env: process.env });
    const logger = createLogger({ level: settings.logLevel, format: settings.logFormat });
    const ttlMs = duration(flags.ttl, '--ttl') ?? 10_000;
    const checkIntervalMs = duration(flags.checkInterval, '--check-interval');
    const checkCmd = typeof flags.checkCmd === 'string' ? flags.checkCmd : undefined;
    const fullKey = normalizeKey(key);
    const registrar = createRegistrar(settings, fullKey, value, ttlMs);
    const signals = abortOnSignals();
    try {
      await runRegistration({ key: fullKey, registrar, ttlMs, logger, checkCmd, checkIntervalMs, requestTimeoutMs: settings.requestTimeoutMs }, signals.signal);
    } finally {
      signals.dispose();
    }
  });
  return cmd;
}

function duration(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parsePositiveDuration(value);
  } catch (error) {
    throw new ConfigError('CONFIG_INVALID_VALUE', `${flag}: ${error instanceof Error ? error.message : String(error)}`, { key: flag, cause: error });
  }
}

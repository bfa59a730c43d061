// The body of `confetti register`, loaded only when that command runs.
import { normalizeKey } from '../backends/prefix.js';
import { parsePositiveDuration } from '../config/duration.js';
import { loadSettings } from '../config/index.js';
import { ConfigError } from '../errors.js';
import { createLogger } from '../log/logger.js';
import { createRegistrar, runRegistration } from '../register/index.js';
import { abortOnSignals } from './signals.js';

export async function runRegister(flags: Record<string, unknown>, key: string, value: string): Promise<void> {
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
}

function duration(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parsePositiveDuration(value);
  } catch (error) {
    throw new ConfigError('CONFIG_INVALID_VALUE', `${flag}: ${error instanceof Error ? error.message : String(error)}`, { key: flag, cause: error });
  }
}

// The body of `confetti register`, loaded only when that command runs.
import { normalizeKey } from '../keys/prefix.js';
import { loadSettings } from '../config/load-settings.js';
import { ConfigError } from '../errors.js';
import { createLogger } from '../log/logger.js';
import { createRegistrar } from '../register/create-registrar.js';
import { runRegistration } from '../register/run-registration.js';
import { backendOptionsOf } from './backend-options.js';
import { abortOnSignals } from './signals.js';

export async function runRegister(flags: Record<string, unknown>, key: string, value: string): Promise<void> {
  const settings = await loadSettings({ flags, env: process.env });
  const logger = createLogger({ level: settings.logLevel, format: settings.logFormat });
  const fullKey = registeredKey(key);
  checkValue(value, settings.allowControlChars);
  const ttlMs = settings.ttl;
  const registrar = createRegistrar(backendOptionsOf(settings), fullKey, value, ttlMs);
  const signals = abortOnSignals();
  try {
    const options = {
      key: fullKey,
      registrar,
      ttlMs,
      logger,
      checkCmd: settings.checkCmd,
      checkIntervalMs: settings.checkInterval,
      requestTimeoutMs: settings.requestTimeout,
    };
    await runRegistration(options, signals.signal);
  } finally {
    signals.dispose();
  }
}

// normalizeKey("") is "/": registering "" would write the key "/".
function registeredKey(key: string): string {
  const full = normalizeKey(key);
  if (full === '/')
    throw new ConfigError(
      'REGISTER_KEY_EMPTY',
      `register: KEY must name a key such as /services/web/instances/web-1, got ${JSON.stringify(key)}`,
      { key: 'KEY' },
    );
  return full;
}

// A newline in an instance value can inject directives into the rendered file (haproxy.cfg); tabs too are suspect.
// The value itself is never echoed: only the position and code of the first control character.
function checkValue(value: string, allowed: boolean): void {
  if (allowed) return;
  const chars = [...value];
  const at = chars.findIndex((c) => c < ' ' || c === '\u007f');
  if (at === -1) return;
  const code = (chars[at] ?? '').charCodeAt(0).toString(16).padStart(2, '0');
  throw new ConfigError(
    'REGISTER_VALUE_CONTROL_CHARS',
    `register: VALUE has a control character (U+00${code.toUpperCase()} at position ${at}); a newline in a value can add lines to the files rendered from it. Pass --allow-control-chars to register it anyway`,
    { key: 'VALUE' },
  );
}

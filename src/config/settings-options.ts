// Every setting once: its parser and the names it has in each layer (--dial-timeout, CONFETTI_DIAL_TIMEOUT, dial_timeout).
import { constants } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { normalizeKey } from '../keys/prefix.js';
import { describeType } from '../errors.js';
import { parseDuration, parsePositiveDuration } from './duration.js';
import { InvalidValue } from './invalid-value.js';
import { parseListen } from './listen.js';
import { BACKENDS, LOG_LEVELS } from './settings.js';
import { parseSize } from './size.js';
import { parseWait } from './wait.js';

export const LOG_FORMATS = ['text', 'json'] as const;

/** `base` is the directory relative paths resolve against: the cwd, or the settings file's directory. */
type Parse<T> = (value: unknown, base: string) => T;

export const OPTIONS = {
  confdir: parsePath,
  backend: oneOf(BACKENDS),
  file: parsePathList,
  prefix: (value: unknown) => normalizeKey(parseText(value)),
  endpoints: parseEndpoints,
  cacert: parsePath,
  cert: parsePath,
  key: parsePath,
  user: parseText,
  passwordFile: parsePath,
  insecureSkipTlsVerify: parseBool,
  dialTimeout: parsePositiveDuration,
  requestTimeout: parsePositiveDuration,
  logLevel: oneOf(LOG_LEVELS),
  logFormat: oneOf(LOG_FORMATS),
  syncOnly: parseBool,
  keepStageFile: parseBool,
  wait: parseWait,
  interval: parsePositiveDuration,
  waitForData: parseDuration,
  maxOutputSize: parseSize,
  renderTimeout: parsePositiveDuration,
  dnsTimeout: parsePositiveDuration,
  dnsRefresh: parsePositiveDuration,
  exec: parseText,
  reloadSignal: parseSignal,
  killSignal: parseSignal,
  killTimeout: parseDuration,
  execRestart: parseBool,
  listen: parseListen,
  pidFile: parsePath,
  watchConfig: parseBool,
} satisfies Record<string, Parse<unknown>>;

export type OptionName = keyof typeof OPTIONS;
export type OptionValues = { [K in OptionName]: ReturnType<(typeof OPTIONS)[K]> };
export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

export const flagName = (name: string): string => '--' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
export const envName = (name: string): string => 'CONFETTI_' + name.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
export const fileKey = (name: string): string => name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

export function parseText(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidValue(`must be a non-empty string, got ${describeType(value, 'with value')}`);
  return value;
}

function parsePath(value: unknown, base: string): string {
  const text = parseText(value);
  return isAbsolute(text) ? resolve(text) : resolve(base, text);
}

// Comma-separated in flags and env; a list (or comma string) in files.
function parseList(value: unknown): string[] {
  const items = Array.isArray(value) ? value.flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])) : typeof value === 'string' ? value.split(',') : undefined;
  if (items === undefined) throw new InvalidValue(`must be a list or a comma-separated string, got ${describeType(value, 'with value')}`);
  return items.map((item) => (typeof item === 'string' ? item.trim() : item)).filter((item) => item !== '').map((item) => parseText(item));
}

function parsePathList(value: unknown, base: string): string[] {
  return parseList(value).map((item) => parsePath(item, base));
}

/** "host:port" gets http://; only http(s) URLs without a path are endpoints. */
function parseEndpoints(value: unknown): string[] {
  const list = parseList(value);
  if (list.length === 0) throw new InvalidValue('must list at least one endpoint');
  return list.map((text) => {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      throw new InvalidValue(`${JSON.stringify(text)} is not a URL such as http://127.0.0.1:2379`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidValue(`${JSON.stringify(text)}: scheme must be http or https`);
    if (url.pathname !== '/' || url.search !== '' || url.username !== '') {
      throw new InvalidValue(`${JSON.stringify(text)}: an endpoint is scheme://host:port, without path or credentials`);
    }
    return url.origin;
  });
}

/** "SIGUSR2", "USR2" or "usr2" → "SIGUSR2" (exec mode). */
function parseSignal(value: unknown): NodeJS.Signals {
  const text = parseText(value).trim().toUpperCase();
  const name = (text.startsWith('SIG') ? text : `SIG${text}`) as NodeJS.Signals;
  if (!(name in constants.signals)) throw new InvalidValue(`must be a signal name such as SIGHUP or SIGUSR2, got ${JSON.stringify(value)}`);
  return name;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function parseBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new InvalidValue(`must be true or false, got ${describeType(value, 'with value')}`);
}

function oneOf<const T extends readonly string[]>(choices: T): (value: unknown) => T[number] {
  return (value) => {
    const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    const match = choices.find((c) => c === text);
    if (match === undefined) throw new InvalidValue(`must be one of ${choices.join(', ')}, got ${describeType(value, 'with value')}`);
    return match;
  };
}

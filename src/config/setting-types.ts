// The kinds of value a setting holds: how each is parsed (flag, env and file alike), checked in the settings file,
// shown as a help placeholder, and how its default is printed in --help.
import { constants } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import * as z from 'zod/mini';
import { normalizeKey } from '../keys/prefix.js';
import { describeType } from '../errors.js';
import { formatDuration, parseDuration, parsePositiveDuration } from './duration.js';
import { InvalidValue } from './invalid-value.js';
import { formatListen, parseListen } from './listen.js';
import type { ListenAddress } from './listen.js';
import { RESOURCE_WAIT_SCHEMA } from './resource-schema.js';
import type { WaitWindow } from './resource.js';
import { formatSize, parseSize } from './size.js';
import { parseWait } from './wait.js';

/** `base` is the directory relative paths resolve against: the cwd, or the settings file's directory. */
export type Parse<T> = (value: unknown, base: string) => T;

export interface SettingType<T> {
  parse: Parse<T>;
  /** What the YAML settings file may hold before `parse` (wrong shapes are reported with the file's line). */
  schema: z.ZodMiniType;
  /** Help placeholder: `--dial-timeout <duration>`; none for a switch. */
  arg: string | undefined;
  /** The default as --help shows it; undefined shows none (false switches, empty lists). */
  show(value: T): string | undefined;
}

const TEXT = z.string();
const LIST = z.union([z.string(), z.array(z.string())], 'must be a list or a comma-separated string');
const DURATION = z.union([z.string(), z.number()], 'must be a duration such as "500ms", "10s" or "1m30s"');

export function parseText(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidValue(`must be a non-empty string, got ${describeType(value, 'with value')}`);
  return value;
}

function parsePath(value: unknown, base: string): string {
  const text = parseText(value);
  return isAbsolute(text) ? resolve(text) : resolve(base, text);
}

// Comma-separated in flags and env; a list (or comma string) in files.
function parseList(value: unknown): string[] {
  const items = Array.isArray(value)
    ? value.flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
    : typeof value === 'string'
      ? value.split(',')
      : undefined;
  if (items === undefined) throw new InvalidValue(`must be a list or a comma-separated string, got ${describeType(value, 'with value')}`);
  return items
    .map((item) => (typeof item === 'string' ? item.trim() : item))
    .filter((item) => item !== '')
    .map((item) => parseText(item));
}

/** "host:port" gets http://; only http(s) URLs without a path are endpoints. The one check of an endpoint. */
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
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new InvalidValue(`${JSON.stringify(text)}: scheme must be http or https`);
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

// etcd leases and v2 TTLs count whole seconds: "500ms" or "1.5s" would silently become something else.
function parseWholeSeconds(value: unknown): number {
  const ms = parsePositiveDuration(value);
  if (ms % 1000 !== 0) throw new InvalidValue(`etcd TTLs are whole seconds, got ${JSON.stringify(value)}`);
  return ms;
}

export const text: SettingType<string> = { parse: parseText, schema: TEXT, arg: '<text>', show: (v) => v };
export const path: SettingType<string> = { parse: parsePath, schema: TEXT, arg: '<file>', show: (v) => v };
export const paths: SettingType<string[]> = {
  parse: (value, base) => parseList(value).map((item) => parsePath(item, base)),
  schema: LIST,
  arg: '<path>',
  show: (v) => (v.length === 0 ? undefined : v.join(',')),
};
export const endpoints: SettingType<string[]> = { parse: parseEndpoints, schema: LIST, arg: '<urls>', show: (v) => v.join(',') };
export const keyPrefix: SettingType<string> = {
  parse: (value) => normalizeKey(parseText(value)),
  schema: TEXT,
  arg: '<prefix>',
  show: (v) => v,
};
export const bool: SettingType<boolean> = { parse: parseBool, schema: z.boolean(), arg: undefined, show: (v) => (v ? 'on' : undefined) };
/** Milliseconds; 0 allowed. */
export const duration: SettingType<number> = { parse: parseDuration, schema: DURATION, arg: '<duration>', show: formatDuration };
/** Milliseconds, above 0 (timeouts, periods). */
export const positiveDuration: SettingType<number> = { ...duration, parse: parsePositiveDuration };
/** Milliseconds, whole seconds (etcd TTLs). */
export const wholeSeconds: SettingType<number> = { ...duration, parse: parseWholeSeconds };
/** Bytes. */
export const size: SettingType<number> = {
  parse: parseSize,
  schema: z.union([z.string(), z.number()], 'must be a size such as 65536 or "64MiB"'),
  arg: '<bytes>',
  show: formatSize,
};
export const signal: SettingType<NodeJS.Signals> = { parse: parseSignal, schema: TEXT, arg: '<signal>', show: (v) => v };
export const wait: SettingType<WaitWindow> = {
  parse: parseWait,
  schema: RESOURCE_WAIT_SCHEMA,
  arg: '<min[:max]>',
  show: (v) => `${formatDuration(v.minMs)}:${formatDuration(v.maxMs)}`,
};
export const listen: SettingType<ListenAddress> = {
  parse: parseListen,
  schema: z.union([z.string(), z.number()], 'must be an address such as "127.0.0.1:9480" or a port'),
  arg: '<[host:]port>',
  show: formatListen,
};

/** One of a fixed list of words. */
export function oneOf<const T extends readonly string[]>(choices: T): SettingType<T[number]> {
  const parse = (value: unknown): T[number] => {
    const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    const match = choices.find((c) => c === word);
    if (match === undefined) throw new InvalidValue(`must be one of ${choices.join(', ')}, got ${describeType(value, 'with value')}`);
    return match;
  };
  return { parse, schema: TEXT, arg: '<name>', show: (v) => v };
}

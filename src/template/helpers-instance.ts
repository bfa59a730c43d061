// `instance key value`: a service instance as the shipped templates accept it, or false (the value is skipped).
// A value with a newline or a space must never reach a config file: it could add directives.
import type { HelperSet } from './helper-context.js';
import { str } from './helper-context.js';

export interface Instance {
  /** The last segment of the key: the server's name. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly weight: number;
}

/** Weight of an instance that names none, plain or JSON alike (HAProxy's range is 0–256; 0 drains). */
export const DEFAULT_WEIGHT = 100;
const MAX_WEIGHT = 256;

// A DNS name or an IPv4 address; nothing that could end a line or start another word.
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const NAME = /^[A-Za-z0-9._:-]{1,64}$/;
const PLAIN = /^([^:\s]+):([0-9]{1,5})$/;
const PORT = /^[0-9]{1,5}$/;

/** The instance, or why it is refused (the reason never quotes the value). */
export function parseInstance(key: string, value: string): Instance | { refused: string } {
  const name = key.slice(key.lastIndexOf('/') + 1);
  if (!NAME.test(name)) return { refused: 'the key\'s last segment is not a server name (letters, digits, "._:-")' };
  const plain = PLAIN.exec(value);
  if (plain) return build(name, plain[1], plain[2], undefined);
  if (!value.trimStart().startsWith('{')) return { refused: 'not "host:port" or a JSON object' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { refused: 'invalid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { refused: 'not a JSON object' };
  const { host, port, weight } = parsed as Record<string, unknown>;
  return build(name, host, port, weight);
}

function build(name: string, host: unknown, port: unknown, weight: unknown): Instance | { refused: string } {
  if (typeof host !== 'string' || !HOST.test(host)) return { refused: 'host is not a DNS name or an IPv4 address' };
  const portText = typeof port === 'number' ? String(port) : port;
  if (typeof portText !== 'string' || !PORT.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    return { refused: 'port is not an integer from 1 to 65535' };
  }
  if (weight !== undefined && (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT)) {
    return { refused: `weight is not an integer from 0 to ${MAX_WEIGHT}` };
  }
  return { name, host, port: Number(portText), weight: weight ?? DEFAULT_WEIGHT };
}

export const INSTANCE_HELPERS: HelperSet = {
  instance: {
    arity: [2, 2],
    // It logs a value it skips, by key: a reused #each item is not logged again, as a log of the same key would repeat.
    pure: true,
    fn: ({ state, name }, k, v) => {
      const key = str(k, 'key');
      const parsed = parseInstance(key, str(v, 'value'));
      if ('refused' in parsed) {
        state.warn?.('instance skipped', { key, helper: name, reason: parsed.refused, template: state.file });
        return false;
      }
      return parsed;
    },
  },
};

// The --listen address of the ops HTTP server: "9480", ":9480", "host:9480" or "[::1]:9480"; loopback when no host is given.
import { describeType } from '../errors.js';
import { InvalidValue } from './invalid-value.js';

export interface ListenAddress {
  host: string;
  port: number;
}

export const DEFAULT_LISTEN_HOST = '127.0.0.1';

export function parseListen(value: unknown): ListenAddress {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || text === '')
    throw new InvalidValue(`must be an address such as "127.0.0.1:9480" or a port, got ${describeType(value, 'with value')}`);
  const match = /^(?:(\[[^\]]+\]|[^:[\]]*):)?(\d+)$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidValue(`${JSON.stringify(text)} is not host:port with a port from 0 to 65535 (e.g. "127.0.0.1:9480")`);
  }
  const host = (match[1] ?? '').replace(/^\[(.*)\]$/, '$1');
  return { host: host === '' ? DEFAULT_LISTEN_HOST : host, port };
}

/** "127.0.0.1:9480", "[::1]:9480". */
export function formatListen(address: ListenAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

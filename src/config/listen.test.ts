import { describe, expect, it } from 'vitest';
import { formatListen, parseListen } from './listen.js';

describe('parseListen', () => {
  it.each([
    ['9480', { host: '127.0.0.1', port: 9480 }],
    [':9480', { host: '127.0.0.1', port: 9480 }],
    [9480, { host: '127.0.0.1', port: 9480 }],
    ['0.0.0.0:9480', { host: '0.0.0.0', port: 9480 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
    ['[::1]:9480', { host: '::1', port: 9480 }],
  ])('reads %j', (input, expected) => {
    expect(parseListen(input)).toEqual(expected);
  });

  it.each(['', 'host', 'host:', 'host:99999', '::1:80', 'http://x:1', true])('rejects %j', (input) => {
    expect(() => parseListen(input)).toThrow(/address|port|host:port/);
  });

  it('formats IPv6 hosts in brackets', () => {
    expect(formatListen({ host: '::1', port: 1 })).toBe('[::1]:1');
    expect(formatListen({ host: '127.0.0.1', port: 9480 })).toBe('127.0.0.1:9480');
  });
});

// Writes to the etcd v2 store the way confd users do (`curl -XPUT …/v2/keys/… -d value=…`); etcd 3.4 keeps v2 and v3 apart.
import { keysPath } from '../../src/backends/etcd-v2/client.js';
import type { V2Response } from '../../src/backends/etcd-v2/flatten.js';

export interface V2Store {
  put(key: string, value: string, opts?: { ttl?: number }): Promise<V2Response>;
  mkdir(key: string): Promise<V2Response>;
  del(key: string, opts?: { recursive?: boolean }): Promise<V2Response>;
  /** X-Etcd-Index right now. */
  index(): Promise<bigint>;
}

/** A v2 writer against one endpoint, or the first of several that answers. */
export function v2Store(endpoints: string[] | (() => string[])): V2Store {
  const list = typeof endpoints === 'function' ? endpoints : () => endpoints;
  const send = async (method: string, path: string, form?: URLSearchParams): Promise<Response> => {
    let last: unknown;
    for (const endpoint of list()) {
      try {
        return await fetch(endpoint + path, {
          method,
          ...(form ? { body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
        });
      } catch (error) {
        last = error;
      }
    }
    throw new Error(`no v2 endpoint answered ${method} ${path}: ${String(last)}`);
  };
  const write = async (method: string, path: string, form?: URLSearchParams): Promise<V2Response> => {
    const res = await send(method, path, form);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as V2Response;
  };
  return {
    put: (key, value, opts = {}) => {
      const form = new URLSearchParams({ value });
      if (opts.ttl !== undefined) form.set('ttl', String(opts.ttl));
      return write('PUT', keysPath(key), form);
    },
    mkdir: (key) => write('PUT', keysPath(key), new URLSearchParams({ dir: 'true' })),
    del: (key, opts = {}) => write('DELETE', keysPath(key) + (opts.recursive ? '?recursive=true' : '')),
    index: async () => {
      const res = await send('GET', '/v2/keys/');
      await res.text();
      return BigInt(res.headers.get('x-etcd-index') ?? '0');
    },
  };
}

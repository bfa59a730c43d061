// The system's answers: getaddrinfo (/etc/hosts, then DNS, as Go's net.LookupIP) for addresses, c-ares for SRV.
import { srvRecord, type SrvRecord } from './answers.js';
import { Gate } from './gate.js';

/** Where answers come from; a failure rejects (with Node's dns error codes), an abort rejects with the abort reason. */
export interface DnsResolver {
  lookupIP(name: string, signal: AbortSignal): Promise<string[]>;
  lookupSRV(name: string, signal: AbortSignal): Promise<SrvRecord[]>;
}

// getaddrinfo runs on libuv's thread pool (4 threads, shared with file I/O) and cannot be cancelled: a hanging DNS
// server must not take every thread, so at most two lookups run at once and the rest queue.
const MAX_GETADDRINFO = 2;

// Loaded on first use: most templates never look anything up, and a one-shot start loads only what it needs. Through a
// module of ours: the bundle turns that import into a require, while import('node:dns') fails under the V8-cache loader.
const loadDns = (): Promise<typeof import('./node-dns.js')> => import('./node-dns.js');

export function createSystemResolver(): DnsResolver {
  const gate = new Gate(MAX_GETADDRINFO);
  return {
    async lookupIP(name, signal) {
      const { lookup } = await loadDns();
      const answers = await gate.run(() => lookup(name, { all: true }), signal);
      return answers.map((a) => a.address);
    },
    async lookupSRV(name, signal) {
      const { Resolver } = await loadDns();
      signal.throwIfAborted();
      // A resolver per question reads /etc/resolv.conf afresh and can be cancelled alone; tries: 1, the caller times out.
      const resolver = new Resolver({ tries: 1 });
      const cancel = (): void => resolver.cancel();
      signal.addEventListener('abort', cancel, { once: true });
      try {
        const records = await resolver.resolveSrv(name);
        return records.map((r) => srvRecord(r.name, r.port, r.priority, r.weight));
      } catch (error) {
        signal.throwIfAborted();
        throw error;
      } finally {
        signal.removeEventListener('abort', cancel);
      }
    },
  };
}

// Watch mode: every period, look up again each name a template used; resources that read an answer which has
// since changed are handed to `onStale` (the daemon marks them dirty, as if their keys had changed).
import { setTimeout as sleep } from 'node:timers/promises';
import type { DnsCache } from '../dns/dns-cache.js';
import type { Logger } from '../log/logger.js';

export interface DnsRefresherOptions {
  cache: DnsCache;
  periodMs: number;
  logger: Logger;
  onStale(resources: string[]): void;
}

/** Runs until the signal aborts; resolves then (never rejects: lookups fail into empty or kept answers). */
export async function refreshDnsPeriodically(opts: DnsRefresherOptions, signal: AbortSignal): Promise<void> {
  try {
    for (;;) {
      await sleep(opts.periodMs, undefined, { signal });
      const stale = await opts.cache.refresh(signal);
      if (stale.length > 0) {
        opts.logger.info('dns answers changed, re-rendering', { resources: stale });
        opts.onStale(stale);
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

export interface DnsRefresher {
  /** Stop refreshing (a lookup in flight is abandoned) and wait for the loop to unwind. */
  stop(): Promise<void>;
}

/** Starts the period; a crash (not our own stop) goes to `onCrash`. */
export function startDnsRefresher(opts: DnsRefresherOptions, daemonStop: AbortSignal, onCrash: (error: unknown) => void): DnsRefresher {
  const own = new AbortController();
  const signal = AbortSignal.any([daemonStop, own.signal]);
  const done = refreshDnsPeriodically(opts, signal).catch((error: unknown) => {
    if (!signal.aborted) onCrash(error);
  });
  return {
    async stop() {
      own.abort();
      await done;
    },
  };
}

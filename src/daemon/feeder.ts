// The running feed of one prefix set; replaced (stopped, re-snapshotted, restarted) when a reload widens the prefixes.
import { feedMirror, type FeedOptions } from './feed.js';

export interface Feeder {
  readonly prefixes: readonly string[];
  /** Stop this feed (not the daemon) and wait for it to unwind. */
  stop(): Promise<void>;
}

/** Starts feeding; a crash (not our own stop) goes to `onCrash`. */
export function startFeeder(opts: FeedOptions, daemonStop: AbortSignal, onCrash: (error: unknown) => void): Feeder {
  const own = new AbortController();
  const signal = AbortSignal.any([daemonStop, own.signal]);
  const done = feedMirror(opts, signal).catch((error: unknown) => {
    if (!signal.aborted) onCrash(error);
  });
  return {
    prefixes: opts.prefixes,
    async stop() {
      own.abort();
      await done;
    },
  };
}

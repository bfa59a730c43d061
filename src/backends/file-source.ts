// KeySource over YAML/JSON files (confd's file backend), watched with chokidar.
import { resolve } from 'node:path';
import { BackendError } from '../errors.js';
import { diffUnder, pickUnder, sameKeys } from './file-diff.js';
import { readKeys } from './file-read.js';
import type { KeySource } from './key-source.js';
import type { Snapshot } from '../keys/snapshot.js';
import type { WatchItem } from '../keys/change.js';
import { mergePrefixes } from '../keys/prefix.js';

export interface FileSourceOptions {
  /** Files (any extension, parsed as YAML) or directories (`*.yaml`, `*.yml`, `*.json`, recursive). Later paths win. */
  paths: string[];
  /** A file that cannot be read or parsed while watching: the last good keys stay and the error lands here. */
  onError?: (error: unknown) => void;
  /** Quiet time after the last file event before re-reading; default 50 ms. */
  settleMs?: number;
}

/** States kept for watchers that start behind the current revision (changes between snapshot and watch). */
const HISTORY = 32;

interface State {
  revision: bigint;
  keys: ReadonlyMap<string, string>;
}

/**
 * Revisions count content changes, starting at 1 with the first read; a re-read that finds the same
 * keys keeps the revision. A watch from an older revision first yields the diff since that revision.
 */
export function createFileSource(opts: FileSourceOptions): KeySource {
  if (opts.paths.length === 0) throw new BackendError('FILE_NO_PATHS', 'file backend needs at least one file or directory');
  const paths = opts.paths.map((p) => resolve(p));
  const settleMs = opts.settleMs ?? 50;
  const onError = opts.onError ?? (() => undefined);
  const history = new Map<bigint, ReadonlyMap<string, string>>();
  let current: State | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  // close() ends every watch still running, so no chokidar handle outlives the source.
  const closed = new AbortController();

  // Re-reads are serialised so revisions are handed out in content order.
  const refresh = (signal: AbortSignal): Promise<State> => {
    const run = queue.then(async () => {
      const keys = await readKeys(paths, signal);
      if (current && sameKeys(current.keys, keys)) return current;
      current = { revision: (current?.revision ?? 0n) + 1n, keys };
      history.set(current.revision, keys);
      for (const old of history.keys()) if (history.size > HISTORY) history.delete(old);
      return current;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  async function* watch(prefixes: string[], revision: bigint, opts: { signal: AbortSignal }): AsyncGenerator<WatchItem> {
    const signal = AbortSignal.any([opts.signal, closed.signal]);
    const wanted = mergePrefixes(prefixes);
    let base = history.get(revision);
    let seen = revision;
    if (base === undefined) {
      yield { type: 'resync', reason: `file source has no state for revision ${revision}` };
      base = current?.keys ?? new Map<string, string>();
      seen = current?.revision ?? 0n;
    }
    // chokidar is loaded only by a watch: a one-shot render never needs it.
    const { watchFileTicks } = await import('./file-watch.js');
    for await (const _tick of watchFileTicks(paths, { signal, settleMs, maxWaitMs: settleMs * 20, onError })) {
      let state: State;
      try {
        state = await refresh(signal);
      } catch (error) {
        if (signal.aborted) return;
        onError(error);
        continue;
      }
      if (state.revision <= seen) continue;
      const events = diffUnder(base, state.keys, wanted);
      base = state.keys;
      seen = state.revision;
      if (events.length > 0) yield { type: 'change', revision: state.revision, events };
    }
  }

  return {
    name: 'file',
    async snapshot(prefixes: string[], { signal }: { signal: AbortSignal }): Promise<Snapshot> {
      const state = await refresh(signal);
      return { revision: state.revision, keys: pickUnder(state.keys, mergePrefixes(prefixes)) };
    },
    watch,
    close(): Promise<void> {
      closed.abort();
      return Promise.resolve();
    },
  };
}

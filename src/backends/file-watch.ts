// Filesystem events on the file backend's paths, coalesced into one tick per burst of writes.
import { stat } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { watch } from 'chokidar';
import type { Stats } from 'node:fs';
import { isDataFileName } from './file-read.js';
import { nowMs } from '../clock.js';

export interface FileTickOptions {
  signal: AbortSignal;
  /** Quiet time after the last event before a tick: a writer's half-written file is not read. */
  settleMs: number;
  /** A steady stream of events still ticks at least this often. */
  maxWaitMs: number;
  onError: (error: unknown) => void;
}

/**
 * Yields once when the watcher is ready (so the caller catches up with edits made before it started),
 * then once per settled burst of events. Ends when the signal aborts; the watcher is closed on abort
 * even if the consumer never pulls again.
 */
export async function* watchFileTicks(paths: readonly string[], opts: FileTickOptions): AsyncGenerator<void> {
  const { signal } = opts;
  const relevant = await relevanceOf(paths);
  if (signal.aborted) return;
  // Files are watched through their directory: chokidar loses a file watched directly once it is
  // unlinked and re-created (editors' write-rename), its directory watch does not.
  const watcher = watch([...relevant.roots], { ignoreInitial: true, ignored: (p, s) => !relevant.test(p, s) });
  let pending = false;
  let ready = false;
  let wake: (() => void) | undefined;
  const poke = (): void => {
    pending = true;
    wake?.();
  };
  const onAbort = (): void => {
    wake?.();
    watcher.close().catch(opts.onError);
  };
  watcher.on('all', poke);
  // chokidar drops a 'change' within 50 ms of the previous one for the same file (no trailing event),
  // so the last of two quick edits would be missed; raw fs.watch events are not throttled.
  watcher.on('raw', (_event, name, details) => {
    const watched = (details as { watchedPath?: string } | undefined)?.watchedPath ?? '';
    if (relevant.test(watched) && !relevant.roots.has(watched)) poke();
    else if (relevant.test(join(watched, name))) poke();
  });
  watcher.on('error', opts.onError);
  watcher.once('ready', () => {
    ready = true;
    wake?.();
  });
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    while (!ready && !signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
    if (signal.aborted) return;
    yield;
    while (!signal.aborted) {
      if (!pending) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      // Quiet period: keep waiting while events keep coming, up to maxWaitMs.
      const burstStart = nowMs();
      while (pending && nowMs() - burstStart < opts.maxWaitMs) {
        pending = false;
        await sleep(opts.settleMs, undefined, { signal });
      }
      pending = false;
      yield;
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    wake = undefined;
    signal.removeEventListener('abort', onAbort);
    await watcher.close();
  }
}

interface Relevance {
  roots: Set<string>;
  test(path: string, stats?: Stats): boolean;
}

// Listed files (and their directories, to see them re-created), and non-hidden entries of listed directories.
async function relevanceOf(paths: readonly string[]): Promise<Relevance> {
  const files = new Set<string>();
  const dirs: string[] = [];
  for (const path of paths) {
    const isDir = await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (isDir) dirs.push(path);
    else files.add(path);
  }
  const roots = new Set([...dirs, ...[...files].map((f) => dirname(f))]);
  const test = (path: string, stats?: Stats): boolean => {
    if (files.has(path) || roots.has(path)) return true;
    for (const dir of dirs) {
      if (!path.startsWith(dir + sep)) continue;
      if (
        path
          .slice(dir.length + 1)
          .split(sep)
          .some((part) => part.startsWith('.'))
      )
        continue;
      if (stats?.isFile() && !isDataFileName(basename(path))) continue;
      return true;
    }
    return false;
  };
  return { roots, test };
}

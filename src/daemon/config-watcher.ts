// Live reload: chokidar on conf.d and the template directory; a settled burst of edits triggers one reload.
import { watch } from 'chokidar';

export interface ConfigWatchOptions {
  signal: AbortSignal;
  /** Quiet time after the last event before reloading (an editor's write-rename is one burst). */
  settleMs?: number;
  onChange(this: void, files: string[]): void;
  onError(this: void, error: unknown): void;
}

/** Resolves once the watcher is ready; it closes itself when the signal aborts. */
export async function watchConfigFiles(paths: readonly string[], opts: ConfigWatchOptions): Promise<void> {
  if (opts.signal.aborted) return;
  const settleMs = opts.settleMs ?? 150;
  const watcher = watch([...paths], { ignoreInitial: true, ignored: (p) => /(^|[/\\])\.[^/\\]*$/.test(p) || p.endsWith('~') });
  const files = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    const list = [...files];
    files.clear();
    if (list.length > 0 && !opts.signal.aborted) opts.onChange(list);
  };
  watcher.on('all', (event, path) => {
    if (event !== 'add' && event !== 'change' && event !== 'unlink') return;
    files.add(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, settleMs);
  });
  watcher.on('error', opts.onError);
  opts.signal.addEventListener(
    'abort',
    () => {
      if (timer) clearTimeout(timer);
      watcher.close().catch(opts.onError);
    },
    { once: true },
  );
  await new Promise<void>((resolve) => {
    watcher.once('ready', resolve);
    opts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

// SIGINT/SIGTERM → abort: the first asks to stop, the second forces (commands in flight are killed).
export interface SignalControl {
  signal: AbortSignal;
  force: AbortSignal;
  dispose: () => void;
}

export function abortOnSignals(signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): SignalControl {
  const stop = new AbortController();
  const force = new AbortController();
  const onSignal = (): void => {
    if (stop.signal.aborted) force.abort();
    else stop.abort();
  };
  for (const s of signals) process.on(s, onSignal);
  return {
    signal: stop.signal,
    force: force.signal,
    dispose: () => {
      for (const s of signals) process.off(s, onSignal);
    },
  };
}

/** Run a handler on each of these signals (SIGHUP reload, SIGUSR1 re-render) until disposed. */
export function handleSignals(handlers: Partial<Record<NodeJS.Signals, () => void>>): () => void {
  const entries = Object.entries(handlers) as Array<[NodeJS.Signals, () => void]>;
  for (const [s, fn] of entries) process.on(s, fn);
  return () => {
    for (const [s, fn] of entries) process.off(s, fn);
  };
}

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

// SIGINT/SIGTERM → abort: the first asks to stop, the second forces (commands in flight are killed).
import { ConfettiError, EXIT_CODES } from '../errors.js';

export interface SignalControl {
  signal: AbortSignal;
  force: AbortSignal;
  dispose: () => void;
}

/** What a stop and a forced stop cancel, in words: the abort reasons say it instead of "This operation was aborted". */
export interface Cancels {
  stop: string;
  force: string;
}

const CANCELS: Cancels = { stop: 'stopped before finishing', force: 'stopped at once; commands in flight were killed' };

export function abortOnSignals(cancels: Cancels = CANCELS, signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): SignalControl {
  const stop = new AbortController();
  const force = new AbortController();
  const onSignal = (s: NodeJS.Signals): void => {
    if (stop.signal.aborted) force.abort(new ConfettiError('FORCED_STOP', `second ${s}: ${cancels.force}`, EXIT_CODES.failed));
    else stop.abort(new ConfettiError('INTERRUPTED', `${s}: ${cancels.stop}`, EXIT_CODES.failed));
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

/** An abort caused by these signals, as the reason that names the signal and what it cancelled; other errors as they are. */
export function explainAbort(error: unknown, control: SignalControl): unknown {
  const aborted = control.force.aborted ? control.force : control.signal.aborted ? control.signal : undefined;
  if (aborted === undefined) return error;
  const isAbort = error === aborted.reason || (error instanceof Error && error.name === 'AbortError');
  return isAbort ? aborted.reason : error;
}

/** Run a handler on each of these signals (SIGHUP reload, SIGUSR1 re-render) until disposed. */
export function handleSignals(handlers: Partial<Record<NodeJS.Signals, () => void>>): () => void {
  const entries = Object.entries(handlers) as Array<[NodeJS.Signals, () => void]>;
  for (const [s, fn] of entries) process.on(s, fn);
  return () => {
    for (const [s, fn] of entries) process.off(s, fn);
  };
}

// Commands run in their own process group (detached) so a timeout or stop can kill the shell AND whatever it
// spawned: `sh -c 'sleep 100 & sleep 100'` would otherwise leave a grandchild holding our pipe open.

export const FORCE_KILL_AFTER_MS = 2_000;

export type StopReason = 'timeout' | 'cancel';

export interface GroupGuard {
  readonly reason: StopReason | undefined;
  /** Clears the timeout and the abort listener; after a timeout/cancel the SIGKILL still follows its grace period. */
  dispose(): void;
}

/** Signals the whole group; a group already gone (ESRCH) is the goal, not an error. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: every member already exited.
  }
}

/**
 * SIGTERM the group on timeout or abort, SIGKILL it FORCE_KILL_AFTER_MS later if it is still there.
 * `onStop` runs once, right after the SIGTERM.
 */
export function guardProcessGroup(pid: number | undefined, timeoutMs: number, signal: AbortSignal, onStop?: () => void): GroupGuard {
  let reason: StopReason | undefined;
  const stop = (why: StopReason): void => {
    if (reason !== undefined) return;
    reason = why;
    killGroup(pid, 'SIGTERM');
    setTimeout(() => killGroup(pid, 'SIGKILL'), FORCE_KILL_AFTER_MS);
    onStop?.();
  };
  const timer = timeoutMs > 0 ? setTimeout(() => stop('timeout'), timeoutMs) : undefined;
  const onAbort = (): void => stop('cancel');
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    get reason() {
      return reason;
    },
    dispose() {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      // After a SIGTERM the group keeps its grace: the pending SIGKILL takes whatever is still there (a trap that
      // cleans up, a background child that closed its output), and is a no-op for a group already gone.
    },
  };
}

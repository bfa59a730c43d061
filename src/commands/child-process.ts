// One run of the exec-mode child, through execa, in its own process group so a terminal's Ctrl-C reaches it once
// (forwarded by us), never twice. See child-line.ts for how the line reaches /bin/sh and who gets our signals.
import { constants } from 'node:os';
import { childLine } from './child-line.js';
import type { Execa } from './load-execa.js';
import { killGroup } from './process-group.js';

export interface ChildExit {
  /** Exit code, or 128 + signal number when killed by a signal (shell convention). */
  code: number;
  signal: string | undefined;
}

export interface ChildRun {
  readonly pid: number | undefined;
  readonly exited: Promise<ChildExit>;
  /** Signal the child (its whole group for a compound line); false when it is already gone. */
  kill(signal: NodeJS.Signals): boolean;
  /** Signal every process of its group (the SIGKILL after --kill-timeout). */
  killGroup(signal: NodeJS.Signals): void;
}

export interface ChildSignals {
  reload: NodeJS.Signals | undefined;
  /** Every signal that asks the child to stop: the kill signal and the forwarded SIGTERM/SIGINT. */
  stop: readonly NodeJS.Signals[];
}

/** Starts the child with execa (from loadExeca); one that could not start exits with 127, as a shell would report. */
export function spawnChild(execa: Execa, command: string, signals: ChildSignals, env?: Record<string, string | undefined>): ChildRun {
  const line = childLine(command, signals);
  let subprocess;
  try {
    subprocess = execa('/bin/sh', ['-c', line.script], {
      stdio: 'inherit',
      detached: true,
      reject: false,
      ...(env === undefined ? {} : { env }),
    });
  } catch {
    // Refused before any process existed (a NUL in the line).
    return { pid: undefined, exited: Promise.resolve({ code: 127, signal: undefined }), kill: () => false, killGroup: () => undefined };
  }
  let gone = false;
  const exited = subprocess.then((result): ChildExit => {
    gone = true;
    // No process at all (no /bin/sh, too many processes): exit code 127, as a shell would report it.
    if (subprocess.pid === undefined) return { code: 127, signal: undefined };
    const signal = result.signal ?? undefined;
    const signo = signal === undefined ? undefined : constants.signals[signal];
    return { code: result.exitCode ?? (signo === undefined ? 1 : 128 + signo), signal };
  });
  const pid = subprocess.pid;
  return {
    pid,
    exited,
    kill(signal) {
      if (gone || pid === undefined) return false;
      try {
        process.kill(line.signalGroup ? -pid : pid, signal);
        return true;
      } catch {
        return false;
      }
    },
    killGroup: (signal) => killGroup(pid, signal),
  };
}

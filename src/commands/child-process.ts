// One run of the exec-mode child: `sh -c 'exec CMD'` so the PID we signal is the program itself, in its own
// process group so a terminal's Ctrl-C reaches it once (forwarded by us), never twice.
import { execa } from 'execa';
import { constants } from 'node:os';
import { killGroup } from './process-group.js';

export interface ChildExit {
  /** Exit code, or 128 + signal number when killed by a signal (shell convention). */
  code: number;
  signal: string | undefined;
}

export interface ChildRun {
  readonly pid: number | undefined;
  readonly exited: Promise<ChildExit>;
  /** Signal the child itself; false when it is already gone. */
  kill(signal: NodeJS.Signals): boolean;
  /** Signal every process of its group (the SIGKILL after --kill-timeout). */
  killGroup(signal: NodeJS.Signals): void;
}

export function spawnChild(command: string, env?: Record<string, string | undefined>): ChildRun {
  const subprocess = execa('/bin/sh', ['-c', `exec ${command}`], {
    stdio: 'inherit',
    detached: true,
    reject: false,
    env,
  });
  let gone = false;
  const exited = subprocess.then((result): ChildExit => {
    gone = true;
    const signal = result.signal ?? undefined;
    const signo = signal === undefined ? undefined : constants.signals[signal];
    return { code: result.exitCode ?? (signo === undefined ? 1 : 128 + signo), signal };
  });
  return {
    pid: subprocess.pid,
    exited,
    kill(signal) {
      if (gone || subprocess.pid === undefined) return false;
      try {
        process.kill(subprocess.pid, signal);
        return true;
      } catch {
        return false;
      }
    },
    killGroup: (signal) => killGroup(subprocess.pid, signal),
  };
}

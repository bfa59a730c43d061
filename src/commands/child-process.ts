// One run of the exec-mode child: `sh -c 'exec CMD'` so the PID we signal is the program itself, in its own
// process group so a terminal's Ctrl-C reaches it once (forwarded by us), never twice.
import { spawn } from 'node:child_process';
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
  const subprocess = spawn('/bin/sh', ['-c', `exec ${command}`], {
    stdio: 'inherit',
    detached: true,
    ...(env === undefined ? {} : { env: { ...process.env, ...env } }),
  });
  let gone = false;
  const exited = new Promise<ChildExit>((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null): void => {
      gone = true;
      const signo = signal === null ? undefined : constants.signals[signal];
      resolve({ code: code ?? (signo === undefined ? 1 : 128 + signo), signal: signal ?? undefined });
    };
    subprocess.once('exit', done);
    // The shell could not be started (no /bin/sh, too many processes): exit code 127, as a shell would report it.
    subprocess.once('error', () => {
      if (subprocess.pid === undefined) done(127, null);
    });
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

// What `confetti watch` adds around the loop, as observers: exec mode (--exec) and READY=1 to systemd. The
// process-wide parts live here: SIGTERM/SIGINT forwarded to the child, and the child's exit code becoming ours.
import { notifyReady, type NotifyOptions } from '../commands/sd-notify.js';
import { ExecMode } from '../daemon/exec-mode.js';
import type { DaemonObserver } from '../daemon/observer.js';
import type { Logger } from '../log/logger.js';
import { combineObservers } from '../ops/observers.js';

export interface WatchHooks {
  /** Exec mode's and sd_notify's hooks, for the daemon's observer. */
  observer: DaemonObserver;
  /** The stop signal for the loop: the user's, or the child's unexpected death. */
  stop(user: AbortSignal): AbortSignal;
  /** After the loop: stop the child and set process.exitCode from it. */
  finish(): Promise<void>;
}

export interface WatchHookSettings {
  exec: string | undefined;
  reloadSignal: NodeJS.Signals | undefined;
  killSignal: NodeJS.Signals;
  killTimeoutMs: number;
  execRestart: boolean;
}

const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** READY=1 to $NOTIFY_SOCKET once the daemon is ready (systemd Type=notify); nothing when systemd did not ask. */
export function systemdReadyObserver(opts: NotifyOptions): DaemonObserver {
  return { onReady: () => void notifyReady(opts) };
}

export function startWatchHooks(settings: WatchHookSettings, logger: Logger, env: NodeJS.ProcessEnv = process.env): WatchHooks {
  const exec =
    settings.exec === undefined
      ? undefined
      : new ExecMode({
          command: settings.exec,
          reloadSignal: settings.reloadSignal,
          killSignal: settings.killSignal,
          killTimeoutMs: settings.killTimeoutMs,
          restart: settings.execRestart,
          logger,
        });
  const forward = (signal: NodeJS.Signals): void => exec?.forward(signal);
  if (exec !== undefined) for (const s of FORWARDED) process.on(s, forward);
  const status = exec === undefined ? 'rendered every resource' : `rendered every resource; started ${settings.exec}`;
  return {
    // exec first: the child is starting when systemd hears READY=1, as before.
    observer: combineObservers(exec, systemdReadyObserver({ env, logger, status })),
    stop: (user) => (exec === undefined ? user : AbortSignal.any([user, exec.died])),
    async finish() {
      if (exec === undefined) return;
      for (const s of FORWARDED) process.off(s, forward);
      const code = await exec.finish();
      if (code !== undefined) process.exitCode = code;
    },
  };
}

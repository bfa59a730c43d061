// Exec mode wiring for `confetti watch --exec`: the first complete render starts the child, each later written
// render reloads it, SIGTERM/SIGINT go to it, and its exit code becomes ours.
import { ChildSupervisor, type ChildOptions } from '../commands/child-supervisor.js';
import { notifyReady } from '../commands/sd-notify.js';
import type { Logger } from '../log/logger.js';
import type { CycleResult } from './cycle.js';

export interface ExecMode {
  /** Aborted when the child died unexpectedly (and --exec-restart is off): stop the daemon. */
  readonly died: AbortSignal;
  onReady(): void;
  onCycle(cycle: CycleResult): void;
  /** Stop forwarding signals, stop the child, resolve to the exit code confetti should exit with. */
  finish(): Promise<number | undefined>;
}

const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

export function startExecMode(opts: ChildOptions): ExecMode {
  const child = new ChildSupervisor(opts);
  const forward = (signal: NodeJS.Signals): void => child.forward(signal);
  for (const s of FORWARDED) process.on(s, forward);
  // The cycle that made us ready also wrote the files the child is about to read: no reload for it.
  let startedThisCycle = false;
  return {
    died: child.died,
    onReady() {
      startedThisCycle = true;
      child.start();
    },
    onCycle(cycle) {
      const changed = cycle.results.some((r) => r.outcome === 'written');
      if (changed && !startedThisCycle) child.reload();
      startedThisCycle = false;
    },
    async finish() {
      for (const s of FORWARDED) process.off(s, forward);
      const code = await child.stop();
      // An unexpected death must not look like success, even if the child exited 0.
      if (child.died.aborted) return code === undefined || code === 0 ? 1 : code;
      return code;
    },
  };
}

/** What `confetti watch` adds around the loop: exec mode when configured, and READY=1 to systemd. */
export interface WatchHooks {
  /** The stop signal for the loop: the user's, or the child's unexpected death. */
  stop(user: AbortSignal): AbortSignal;
  onReady(): void;
  onCycle(cycle: CycleResult): void;
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

export function startWatchHooks(settings: WatchHookSettings, logger: Logger, env: NodeJS.ProcessEnv = process.env): WatchHooks {
  const exec = settings.exec === undefined
    ? undefined
    : startExecMode({ command: settings.exec, reloadSignal: settings.reloadSignal, killSignal: settings.killSignal, killTimeoutMs: settings.killTimeoutMs, restart: settings.execRestart, logger });
  return {
    stop: (user) => (exec === undefined ? user : AbortSignal.any([user, exec.died])),
    onReady() {
      exec?.onReady();
      void notifyReady({ env, logger, status: exec === undefined ? 'rendered every resource' : `rendered every resource; started ${settings.exec}` });
    },
    onCycle: (cycle) => exec?.onCycle(cycle),
    async finish() {
      if (exec === undefined) return;
      const code = await exec.finish();
      if (code !== undefined) process.exitCode = code;
    },
  };
}

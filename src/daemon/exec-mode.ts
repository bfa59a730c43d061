// Exec mode for `confetti watch --exec`, as a daemon observer: readiness starts the child and each later cycle that
// wrote a file reloads it. The CLI forwards its stop signals to it (forward) and exits with finish()'s code.
import { ChildSupervisor, type ChildOptions } from '../commands/child-supervisor.js';
import type { CycleResult } from './cycle.js';
import type { DaemonObserver } from './observer.js';

export class ExecMode implements DaemonObserver {
  /** The supervised child: started by onReady, reloaded by onCycle, stopped by finish. */
  readonly #child: ChildSupervisor;

  constructor(opts: ChildOptions) {
    this.#child = new ChildSupervisor(opts);
  }

  /** Aborted when the child died unexpectedly (and --exec-restart is off): stop the daemon. */
  get died(): AbortSignal {
    return this.#child.died;
  }

  onReady(): void {
    this.#child.start();
  }

  // The cycle that made the daemon ready wrote the files the child is about to read: its onCycle comes before onReady,
  // while no child runs, and the supervisor ignores a reload with no child.
  onCycle(cycle: CycleResult): void {
    if (cycle.results.some((r) => r.outcome === 'written')) this.#child.reload();
  }

  /** Pass a stop signal confetti received (SIGTERM, SIGINT) straight to the child. */
  forward(signal: NodeJS.Signals): void {
    this.#child.forward(signal);
  }

  /** Stop the child; resolves to the exit code confetti should exit with (undefined: the child never ran). */
  async finish(): Promise<number | undefined> {
    const code = await this.#child.stop();
    // An unexpected death must not look like success, even if the child exited 0.
    if (this.#child.died.aborted) return code === undefined || code === 0 ? 1 : code;
    return code;
  }
}

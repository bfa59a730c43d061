// Exec mode (consul-template's child/): start the child once, reload it by signal or restart it, forward stop
// signals, and report an unexpected death (or restart it). Every operation runs in order on one queue.
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { loadExeca } from './load-execa.js';
import { spawnChild, type ChildExit, type ChildRun } from './child-process.js';

/** What `forward` passes on (confetti's own stop signals). */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

export interface ChildOptions {
  /** Shell command line, e.g. "haproxy -W -db -f /etc/haproxy/haproxy.cfg"; any `sh -c` line works. */
  command: string;
  /** Sent on each changed render; undefined: restart the child instead. */
  reloadSignal: NodeJS.Signals | undefined;
  /** Sent to stop the child for a restart or at shutdown. */
  killSignal: NodeJS.Signals;
  /** SIGKILL the child's group this long after killSignal. */
  killTimeoutMs: number;
  /** Restart the child when it dies unexpectedly instead of stopping confetti. */
  restart: boolean;
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Pause before an unexpected-death restart, so a crash loop does not spin (default 1 s). */
  restartDelayMs?: number;
}

export class ChildSupervisor {
  readonly #opts: ChildOptions;
  readonly #died = new AbortController();
  readonly #stopping = new AbortController();
  #child: ChildRun | undefined;
  #expected = new WeakSet<ChildRun>();
  #queue: Promise<void> = Promise.resolve();
  #last: ChildExit | undefined;
  #forwarded = false;

  constructor(opts: ChildOptions) {
    this.#opts = opts;
  }

  /** Aborted (reason: CommandError) when the child died on its own and restart is off. */
  get died(): AbortSignal {
    return this.#died.signal;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  start(): void {
    this.#enqueue(async () => {
      if (this.#child === undefined) await this.#spawn();
    });
  }

  /** The config changed: send the reload signal, or restart the child when none is set. */
  reload(): void {
    this.#enqueue(async () => {
      const child = this.#child;
      if (child === undefined) return;
      if (this.#opts.reloadSignal !== undefined) {
        this.#opts.logger.info('reloading child', { pid: child.pid, signal: this.#opts.reloadSignal });
        child.kill(this.#opts.reloadSignal);
        return;
      }
      this.#opts.logger.info('restarting child', { pid: child.pid, signal: this.#opts.killSignal });
      await this.#terminate(child, this.#opts.killSignal);
      if (!this.#stopping.signal.aborted) await this.#spawn();
    });
  }

  /** Pass a stop signal (SIGTERM/SIGINT we received) straight to the child. */
  forward(signal: NodeJS.Signals): void {
    this.#stopping.abort();
    const child = this.#child;
    if (child === undefined) return;
    this.#forwarded = true;
    this.#expected.add(child);
    this.#opts.logger.info('forwarding signal to child', { pid: child.pid, signal });
    child.kill(signal);
  }

  /** Stop the child (killSignal, then SIGKILL after killTimeout) and resolve to its exit code; undefined if it never ran. */
  async stop(): Promise<number | undefined> {
    this.#stopping.abort();
    await this.#queue;
    const child = this.#child;
    // A forwarded SIGTERM/SIGINT already asked it to stop: only the kill timeout is left to enforce.
    if (child !== undefined) await this.#terminate(child, this.#forwarded ? undefined : this.#opts.killSignal);
    return this.#last?.code;
  }

  #enqueue(op: () => Promise<void>): void {
    this.#queue = this.#queue.then(op).catch((error: unknown) => {
      this.#opts.logger.error('exec child operation failed', { command: this.#opts.command, error: String(error) });
    });
  }

  async #spawn(): Promise<void> {
    const { reloadSignal, killSignal } = this.#opts;
    const { execa } = await loadExeca();
    // A stop that came while execa loaded: never start a child nobody will stop.
    if (this.#stopping.signal.aborted) return;
    const child = spawnChild(execa, this.#opts.command, { reload: reloadSignal, stop: [killSignal, ...STOP_SIGNALS] }, this.#opts.env);
    this.#child = child;
    this.#opts.logger.info('child started', { command: this.#opts.command, pid: child.pid });
    void child.exited.then((exit) => this.#onExit(child, exit));
  }

  #onExit(child: ChildRun, exit: ChildExit): void {
    this.#last = exit;
    if (this.#child === child) this.#child = undefined;
    const fields = { command: this.#opts.command, pid: child.pid, code: exit.code, signal: exit.signal };
    if (this.#expected.has(child) || this.#stopping.signal.aborted) {
      this.#opts.logger.info('child exited', fields);
      return;
    }
    if (this.#opts.restart) {
      this.#opts.logger.warn('child died unexpectedly; restarting', fields);
      this.#enqueue(async () => {
        await sleep(this.#opts.restartDelayMs ?? 1_000, undefined, { signal: this.#stopping.signal }).catch(() => undefined);
        if (!this.#stopping.signal.aborted && this.#child === undefined) await this.#spawn();
      });
      return;
    }
    this.#opts.logger.error('child died unexpectedly', fields);
    const outcome = { command: this.#opts.command, exitCode: exit.code, signal: exit.signal, timedOut: false, output: '', ms: 0 };
    this.#died.abort(
      new CommandError('CHILD_DIED', `exec child \`${this.#opts.command}\` exited unexpectedly with code ${exit.code}`, outcome, {
        key: 'exec',
      }),
    );
  }

  // killSignal, then SIGKILL to the whole group after killTimeout; resolves once the child is gone.
  async #terminate(child: ChildRun, signal: NodeJS.Signals | undefined): Promise<void> {
    this.#expected.add(child);
    if (signal !== undefined) child.kill(signal);
    const timer = setTimeout(() => {
      this.#opts.logger.warn('child ignored its kill signal; sending SIGKILL', {
        pid: child.pid,
        signal,
        killTimeoutMs: this.#opts.killTimeoutMs,
      });
      child.killGroup('SIGKILL');
    }, this.#opts.killTimeoutMs);
    try {
      await child.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

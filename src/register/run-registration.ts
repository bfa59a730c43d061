// The registration loop: keep KEY alive while the (optional) health command passes; remove it on stop.
import { setTimeout as sleep } from 'node:timers/promises';
import { describeOutcome, isSuccess } from '../commands/outcome.js';
import { runCommand } from '../commands/run-command.js';
import { describeError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { GoneReason, Registrar } from './registrar.js';
import { RegistrationLog } from './registration-log.js';

export interface RegistrationOptions {
  key: string;
  registrar: Registrar;
  ttlMs: number;
  logger: Logger;
  /** Health command (shell); the key exists only while it exits 0. */
  checkCmd?: string | undefined;
  checkIntervalMs?: number | undefined;
  /** Bound on each backend call at stop (release), so a dead store cannot hang shutdown. */
  requestTimeoutMs: number;
  /** Window for repeated failure records (default 30 s). */
  logWindowMs?: number | undefined;
  /** Each time the key is written or removed (tests, benchmarks). */
  onChange?(registered: boolean): void;
}

/** Refresh three times per TTL: two keep-alives may be lost before the key expires. */
export function refreshIntervalMs(ttlMs: number): number {
  return Math.max(100, Math.floor(ttlMs / 3));
}

/** Runs until `signal` aborts, then removes the key. Backend errors are logged and retried, never fatal. */
export async function runRegistration(opts: RegistrationOptions, signal: AbortSignal): Promise<void> {
  const { registrar, logger, key } = opts;
  const refreshMs = refreshIntervalMs(opts.ttlMs);
  const checkMs = opts.checkIntervalMs ?? 5_000;
  let registered = false;
  let healthy = opts.checkCmd === undefined;
  let nextCheck = 0;
  const log = new RegistrationLog(logger, opts.logWindowMs);
  const set = (value: boolean): void => {
    registered = value;
    opts.onChange?.(value);
  };
  const watch = new GoneWatch(registrar, key, logger, signal);
  try {
    while (!signal.aborted) {
      if (opts.checkCmd !== undefined && Date.now() >= nextCheck) {
        healthy = await runHealthCheck(opts.checkCmd, Math.min(checkMs, opts.ttlMs), key, log, signal);
        nextCheck = Date.now() + checkMs;
      }
      try {
        if (healthy && !registered) {
          await registrar.acquire(signal);
          set(true);
          watch.start();
          logger.info('registered', { key, store: registrar.store, ttlMs: opts.ttlMs });
        } else if (healthy && registered && watch.gone) {
          // The key vanished while we hold it: it must be there while we run.
          const alive = await registrar.refresh(signal);
          if (alive) await registrar.rewrite(signal);
          else await registrar.acquire(signal);
          const expired = watch.reason === 'expired' || (watch.reason === undefined && !alive);
          watch.start();
          opts.onChange?.(true);
          if (expired) logger.warn('registration expired; writing it again', { key, store: registrar.store });
          else logger.warn('the registered key was deleted by someone else; wrote it again', { key, store: registrar.store });
        } else if (healthy && registered && !(await registrar.refresh(signal))) {
          logger.warn('registration expired; writing it again', { key, store: registrar.store });
          await registrar.acquire(signal);
          watch.start();
        } else if (!healthy && registered) {
          watch.stop();
          await registrar.release(signal);
          set(false);
          logger.warn('health check failing: key removed', { key, command: opts.checkCmd });
        } else if (registered && watch.broken) {
          watch.start();
        }
        log.callSucceeded({ key, store: registrar.store });
      } catch (error) {
        if (signal.aborted) break;
        log.callFailed({ key, store: registrar.store, error: describeError(error) });
      }
      const wait = opts.checkCmd === undefined ? refreshMs : Math.max(0, Math.min(refreshMs, nextCheck - Date.now()));
      await watch.sleep(wait);
    }
  } finally {
    watch.stop();
    if (registered) await release(opts);
    registrar.close();
  }
}

/** Watches the registered key for a deletion by someone else and cuts the loop's sleep short when it happens. */
class GoneWatch {
  /** Set when the key was deleted after our last write. */
  gone = false;
  /** Why, when the store said. */
  reason: GoneReason | undefined;
  /** Set when the watch failed; reopened on the next turn of the loop. */
  broken = false;
  /** Ends the current watch (a new write starts a new one). */
  #current: AbortController | undefined;
  /** Aborted to end the loop's sleep early. */
  #wake = new AbortController();

  constructor(
    private readonly registrar: Registrar,
    private readonly key: string,
    private readonly logger: Logger,
    private readonly signal: AbortSignal,
  ) {}

  start(): void {
    this.stop();
    this.gone = false;
    this.reason = undefined;
    this.broken = false;
    const own = new AbortController();
    this.#current = own;
    const watching = AbortSignal.any([this.signal, own.signal]);
    this.registrar.waitUntilGone(watching).then(
      (reason) => {
        if (watching.aborted) return;
        this.gone = true;
        this.reason = reason;
        this.#wake.abort();
      },
      (error: unknown) => {
        if (watching.aborted) return;
        this.broken = true;
        this.logger.debug('watch of the registered key broke; reopening it', { key: this.key, error: describeError(error) });
      },
    );
  }

  stop(): void {
    this.#current?.abort();
    this.#current = undefined;
  }

  /** Sleeps `ms`, or less when the key was deleted meanwhile. */
  async sleep(ms: number): Promise<void> {
    if (!this.gone) await sleep(ms, undefined, { signal: AbortSignal.any([this.signal, this.#wake.signal]) }).catch(() => undefined);
    if (this.#wake.signal.aborted) this.#wake = new AbortController();
  }
}

async function release(opts: RegistrationOptions): Promise<void> {
  try {
    await opts.registrar.release(AbortSignal.timeout(opts.requestTimeoutMs));
    opts.onChange?.(false);
    opts.logger.info('deregistered', { key: opts.key, store: opts.registrar.store });
  } catch (error) {
    opts.logger.warn('could not remove the key; it expires with its TTL', { key: opts.key, error: describeError(error) });
  }
}

/** The registered service's --check command: true when healthy (not to be confused with a resource's check_cmd). */
async function runHealthCheck(
  command: string,
  timeoutMs: number,
  key: string,
  log: RegistrationLog,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    const outcome = await runCommand(command, { timeoutMs, signal });
    if (!isSuccess(outcome))
      log.checkFailed({ key, command, result: describeOutcome(outcome, timeoutMs), output: outcome.output.slice(-500) });
    else log.checkPassed({ key, command });
    return isSuccess(outcome);
  } catch {
    return false; // aborted: the loop ends
  }
}

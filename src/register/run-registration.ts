// The registration loop: keep KEY alive while the (optional) health command passes; remove it on stop.
import { setTimeout as sleep } from 'node:timers/promises';
import { describeOutcome, isSuccess, runCommand } from '../commands/index.js';
import { describeError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Registrar } from './registrar.js';
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
  try {
    while (!signal.aborted) {
      if (opts.checkCmd !== undefined && Date.now() >= nextCheck) {
        healthy = await runCheck(opts.checkCmd, Math.min(checkMs, opts.ttlMs), key, log, signal);
        nextCheck = Date.now() + checkMs;
      }
      try {
        if (healthy && !registered) {
          await registrar.acquire(signal);
          set(true);
          logger.info('registered', { key, store: registrar.store, ttlMs: opts.ttlMs });
        } else if (healthy && registered && !(await registrar.refresh(signal))) {
          logger.warn('registration expired; writing it again', { key, store: registrar.store });
          await registrar.acquire(signal);
        } else if (!healthy && registered) {
          await registrar.release(signal);
          set(false);
          logger.warn('health check failing: key removed', { key, command: opts.checkCmd });
        }
        log.callSucceeded({ key, store: registrar.store });
      } catch (error) {
        if (signal.aborted) break;
        log.callFailed({ key, store: registrar.store, error: describeError(error) });
      }
      const wait = opts.checkCmd === undefined ? refreshMs : Math.max(0, Math.min(refreshMs, nextCheck - Date.now()));
      await sleep(wait, undefined, { signal }).catch(() => undefined);
    }
  } finally {
    if (registered) await release(opts);
    registrar.close();
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

async function runCheck(command: string, timeoutMs: number, key: string, log: RegistrationLog, signal: AbortSignal): Promise<boolean> {
  try {
    const outcome = await runCommand(command, { timeoutMs, signal });
    if (!isSuccess(outcome)) log.checkFailed({ key, command, result: describeOutcome(outcome, timeoutMs), output: outcome.output.slice(-500) });
    else log.checkPassed({ key, command });
    return isSuccess(outcome);
  } catch {
    return false; // aborted: the loop ends
  }
}

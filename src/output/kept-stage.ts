// --keep-stage-file keeps the stage file of a failed write for inspection: only the latest per dest (a watch retries
// with backoff, and each retry would leave one more), and the error says where it is.
import { existsSync } from 'node:fs';
import { ConfettiError, describeError } from '../errors.js';
import { removeStageFile } from './stage-file.js';

/** The stage file kept for each dest (its real path), by this process. */
const KEPT = new Map<string, string>();

/** A new attempt at `real` supersedes the stage file kept from the last one. */
export function dropKeptStage(real: string): void {
  const kept = KEPT.get(real);
  if (kept === undefined) return;
  KEPT.delete(real);
  try {
    removeStageFile(kept);
  } catch {
    // already gone (removed by hand, or by the start-up cleanup)
  }
}

/** Remember `stage` as the one kept for `real` and name it in the error; returns the error to throw. */
export function keepStage(real: string, stage: string, error: unknown): unknown {
  if (!existsSync(stage)) return error; // the write failed before the file existed: nothing kept
  KEPT.set(real, stage);
  const where = `stage file kept at ${stage}`;
  if (error instanceof ConfettiError) {
    error.message = `${error.message} (${where})`;
    return error;
  }
  return new Error(`${describeError(error)} (${where})`, { cause: error });
}

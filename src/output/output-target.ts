import type { CommandOutcome } from '../errors.js';

/** What one resource asks of the output stage (built from a normalised Resource). */
export interface OutputTarget {
  resource: string;
  dest: string;
  /** Permission bits; undefined keeps an existing dest's mode, else 0644. */
  mode: number | undefined;
  /** undefined keeps an existing dest's owner, else the process's. */
  uid: number | undefined;
  gid: number | undefined;
  checkCmd: string | undefined;
  backup: boolean;
  createDirs: boolean;
  commandTimeoutMs: number;
}

export interface WriteOptions {
  signal: AbortSignal;
  /** Leave the stage file behind when a step fails, for debugging. */
  keepStageFile: boolean;
  /** Skip check_cmd. */
  syncOnly: boolean;
  /** Compute a diff; write nothing, run nothing. */
  dryRun: boolean;
}

export type WriteResult =
  { outcome: 'unchanged' } | { outcome: 'written'; check?: CommandOutcome } | { outcome: 'would-write'; diff: string };

/** Mode and owner a written dest must end up with. */
export interface FileMeta {
  mode: number;
  uid: number | undefined;
  gid: number | undefined;
}

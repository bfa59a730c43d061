// Shared by the output tests: a temp dir per test and a target with defaults.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutputTarget, WriteOptions } from './output-target.js';

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'confetti-out-'));
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export function target(dest: string, overrides: Partial<OutputTarget> = {}): OutputTarget {
  return {
    resource: 'app',
    dest,
    mode: undefined,
    uid: undefined,
    gid: undefined,
    checkCmd: undefined,
    backup: false,
    createDirs: false,
    commandTimeoutMs: 5_000,
    ...overrides,
  };
}

export function options(overrides: Partial<WriteOptions> = {}): WriteOptions {
  return { signal: new AbortController().signal, keepStageFile: false, syncOnly: false, dryRun: false, ...overrides };
}

/** Stage files (any pid) left in `dir`. */
export async function stageFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.includes('.confetti-'));
}

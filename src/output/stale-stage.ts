import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { IN_FLIGHT } from './stage-file.js';
import { resolveDest } from './resolve-dest.js';
import { errnoCode, outputError } from './output-error.js';

// A stage file: `.<dest name>[.bak].confetti-<pid>-<hex>` (stage-file.ts, backup.ts).
const STAGE_NAME = /^\.(.+)\.confetti-(\d+)-[0-9a-f]+$/;

/**
 * Remove stale stage files of this dest (and of its `.bak`) left by a crash. Files of another live process are
 * left alone (a second confetti may be writing); our own pid counts as dead unless the file is in flight here,
 * because a restarted container often gets the same pid (1) again.
 */
export async function cleanStaleStageFiles(dest: string): Promise<string[]> {
  const real = resolveDest(dest).path;
  return removeStale(dirname(real), new Map([[basename(real), dest]]), dest).then((r) => r.get(dest) ?? []);
}

/**
 * The same for many dests, listing each directory once: once per dest would cost resources × files (docs/performance.md,
 * "300 resources"). Returns the removed files per dest; a directory that cannot be listed
 * is skipped (its dests keep their stage files until the next start).
 */
export async function cleanStaleStagesOf(dests: readonly string[]): Promise<Map<string, string[]>> {
  const byDir = new Map<string, Map<string, string>>();
  for (const dest of dests) {
    let real: string;
    try {
      real = resolveDest(dest).path;
    } catch {
      continue;
    }
    const dir = dirname(real);
    const names = byDir.get(dir) ?? new Map<string, string>();
    names.set(basename(real), dest);
    byDir.set(dir, names);
  }
  const removed = new Map<string, string[]>();
  for (const [dir, names] of byDir) {
    const first = names.values().next().value ?? dir;
    const got = await removeStale(dir, names, first).catch(() => new Map<string, string[]>());
    for (const [dest, files] of got) removed.set(dest, files);
  }
  return removed;
}

/** Stage files in `dir` of the dests named in `names` (real file name → dest); `label` names the dest in errors. */
async function removeStale(dir: string, names: Map<string, string>, label: string): Promise<Map<string, string[]>> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return new Map();
    throw outputError('READ_FAILED', label, `cannot list ${dir}`, error);
  }
  const removed = new Map<string, string[]>();
  for (const entry of entries) {
    const match = STAGE_NAME.exec(entry);
    if (!match) continue;
    const stem = match[1] ?? '';
    // `.app.cfg.bak.confetti-…` belongs to app.cfg's backup, or to a dest named app.cfg.bak.
    const dest = names.get(stem) ?? (stem.endsWith('.bak') ? names.get(stem.slice(0, -4)) : undefined);
    const pid = Number(match[2]);
    const path = join(dir, entry);
    if (dest === undefined || IN_FLIGHT.has(path)) continue;
    if (pid !== process.pid && isAlive(pid)) continue;
    await rm(path, { force: true });
    removed.set(dest, [...(removed.get(dest) ?? []), path]);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return errnoCode(error) === 'EPERM';
  }
}

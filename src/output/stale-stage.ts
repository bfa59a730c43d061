import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { IN_FLIGHT } from './stage-file.js';
import { resolveDest } from './resolve-dest.js';
import { errnoCode, outputError } from './output-error.js';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Remove stale stage files of this dest (and of its `.bak`) left by a crash. Files of another live process are
 * left alone (a second confetti may be writing); our own pid counts as dead unless the file is in flight here,
 * because a restarted container often gets the same pid (1) again.
 */
export async function cleanStaleStageFiles(dest: string): Promise<string[]> {
  const real = resolveDest(dest).path;
  const dir = dirname(real);
  const base = escapeRegExp(basename(real));
  const pattern = new RegExp(`^\\.${base}(?:\\.bak)?\\.confetti-(\\d+)-[0-9a-f]+$`);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return [];
    throw outputError('READ_FAILED', dest, `cannot list ${dir}`, error);
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    const path = join(dir, name);
    if (!Number.isInteger(pid) || IN_FLIGHT.has(path)) continue;
    if (pid !== process.pid && isAlive(pid)) continue;
    await rm(path, { force: true });
    removed.push(path);
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

import { constants, type FileHandle, open, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FileMeta } from './output-target.js';
import { errnoCode, outputError } from './output-error.js';

/** Stage files of this process still in flight: cleanStaleStageFiles must not take them. */
export const IN_FLIGHT = new Set<string>();

/** `.<basename>.confetti-<pid>-<random>` next to `path`: same directory, so the rename is atomic. */
export function stagePathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.confetti-${process.pid}-${randomSuffix()}`);
}

/**
 * Creates the stage file exclusively with its final mode before any byte is written (fchmod defeats the umask;
 * open's mode, masked, is never wider), sets the owner, writes and fsyncs. `ownerRequired` false tolerates
 * EPERM when we merely try to keep an existing owner we cannot give away.
 */
export async function writeStageFile(path: string, bytes: Buffer, meta: FileMeta, ownerRequired: boolean, dest: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, meta.mode);
  } catch (error) {
    throw outputError('WRITE_FAILED', dest, `cannot create stage file ${path}`, error);
  }
  IN_FLIGHT.add(path);
  try {
    await step(dest, 'WRITE_FAILED', `cannot set mode on ${path}`, () => handle.chmod(meta.mode));
    await setOwner(handle, meta, ownerRequired, path, dest);
    await step(dest, 'WRITE_FAILED', `cannot write stage file ${path}`, async () => {
      await handle.writeFile(bytes);
      await handle.sync();
    });
  } finally {
    await handle.close();
  }
}

async function setOwner(handle: FileHandle, meta: FileMeta, required: boolean, path: string, dest: string): Promise<void> {
  const stats = await handle.stat();
  const uid = meta.uid ?? stats.uid;
  const gid = meta.gid ?? stats.gid;
  if (uid === stats.uid && gid === stats.gid) return;
  try {
    await handle.chown(uid, gid);
  } catch (error) {
    if (!required && errnoCode(error) === 'EPERM') return;
    throw outputError('CHOWN_FAILED', dest, `cannot chown ${path} to ${uid}:${gid}`, error);
  }
  // chown clears setuid/setgid bits; put the requested mode back.
  await step(dest, 'WRITE_FAILED', `cannot set mode on ${path}`, () => handle.chmod(meta.mode));
}

async function step(dest: string, code: string, what: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    throw outputError(code, dest, what, error);
  }
}

/** Removes a stage file; it may already be gone (renamed into place). */
export async function removeStageFile(path: string): Promise<void> {
  IN_FLIGHT.delete(path);
  await rm(path, { force: true });
}

/** The stage file now has another name (renamed over dest) or was removed. */
export function releaseStageFile(path: string): void {
  IN_FLIGHT.delete(path);
}

// The name only has to be unlikely to collide (O_EXCL catches a collision); node:crypto costs ~4 ms to load.
function randomSuffix(): string {
  return Math.floor(Math.random() * 0xffffffffffff)
    .toString(16)
    .padStart(12, '0');
}

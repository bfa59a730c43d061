import { constants, fchmodSync, fchownSync, fstatSync, openSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ErrorCode } from '../errors.js';
import type { FileMeta } from './output-target.js';
import { errnoCode, outputError } from './output-error.js';
import { closeQuietly, fsyncFd } from './fd.js';

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
  let fd: number;
  try {
    fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, meta.mode);
  } catch (error) {
    throw outputError('WRITE_FAILED', dest, `cannot create stage file ${path}`, error);
  }
  IN_FLIGHT.add(path);
  try {
    step(dest, 'WRITE_FAILED', `cannot set mode on ${path}`, () => fchmodSync(fd, meta.mode));
    setOwner(fd, meta, ownerRequired, path, dest);
    step(dest, 'WRITE_FAILED', `cannot write stage file ${path}`, () => writeAll(fd, bytes));
    try {
      await fsyncFd(fd);
    } catch (error) {
      throw outputError('WRITE_FAILED', dest, `cannot write stage file ${path}`, error);
    }
  } finally {
    closeQuietly(fd);
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}

function setOwner(fd: number, meta: FileMeta, required: boolean, path: string, dest: string): void {
  let stats: ReturnType<typeof fstatSync>;
  try {
    stats = fstatSync(fd);
  } catch (error) {
    throw outputError('WRITE_FAILED', dest, `cannot stat stage file ${path}`, error);
  }
  const uid = meta.uid ?? stats.uid;
  const gid = meta.gid ?? stats.gid;
  if (uid === stats.uid && gid === stats.gid) return;
  try {
    fchownSync(fd, uid, gid);
  } catch (error) {
    if (!required && errnoCode(error) === 'EPERM') return;
    throw outputError('CHOWN_FAILED', dest, `cannot chown ${path} to ${uid}:${gid}`, error);
  }
  // chown clears setuid/setgid bits; put the requested mode back.
  step(dest, 'WRITE_FAILED', `cannot set mode on ${path}`, () => fchmodSync(fd, meta.mode));
}

function step(dest: string, code: ErrorCode, what: string, action: () => void): void {
  try {
    action();
  } catch (error) {
    throw outputError(code, dest, what, error);
  }
}

/** Removes a stage file; it may already be gone (renamed into place). */
export function removeStageFile(path: string): void {
  IN_FLIGHT.delete(path);
  rmSync(path, { force: true });
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

import { constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import type { FileMeta, OutputTarget } from './output-target.js';
import type { ResolvedDest } from './resolve-dest.js';
import { OutputError } from '../errors.js';
import { outputError } from './output-error.js';
import { closeQuietly } from './fd.js';

const PERMISSION_BITS = 0o7777;
const NEW_FILE_MODE = 0o644;

/** What is at dest now. */
export interface CurrentFile {
  content: Buffer;
  mode: number;
  uid: number;
  gid: number;
}

/** Reads the file at the resolved dest; undefined when there is none. */
export function readCurrent({ path, stats }: ResolvedDest, dest: string): CurrentFile | undefined {
  if (stats === undefined) return undefined;
  if (stats.isDirectory()) throw outputError('DEST_IS_DIRECTORY', dest, `${path} is a directory`);
  // A FIFO would block the read, a device would be clobbered by the rename.
  if (!stats.isFile()) throw outputError('DEST_NOT_REGULAR', dest, notRegular(path, dest, stats));
  let fd: number;
  try {
    // O_NONBLOCK: should a FIFO replace the file after the lstat, open and read return at once instead of
    // blocking the event loop; fstat on the open file then sees what was really read.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw outputError('READ_FAILED', dest, `cannot read ${path}`, error);
  }
  try {
    const now = fstatSync(fd);
    if (!now.isFile()) throw outputError('DEST_NOT_REGULAR', dest, notRegular(path, dest, now));
    return { content: readFileSync(fd), mode: now.mode & PERMISSION_BITS, uid: now.uid, gid: now.gid };
  } catch (error) {
    if (error instanceof OutputError) throw error;
    throw outputError('READ_FAILED', dest, `cannot read ${path}`, error);
  } finally {
    closeQuietly(fd);
  }
}

/** Mode and owner after the write: explicit settings win, else the existing file's, else 0644 / process owner. */
export function wantedMeta(target: OutputTarget, current: CurrentFile | undefined): FileMeta {
  return {
    mode: (target.mode ?? current?.mode ?? NEW_FILE_MODE) & PERMISSION_BITS,
    uid: target.uid ?? current?.uid,
    gid: target.gid ?? current?.gid,
  };
}

/** Same bytes, mode and owner: nothing to write, nothing to run. */
export function isUnchanged(current: CurrentFile | undefined, bytes: Buffer, wanted: FileMeta): boolean {
  if (current === undefined) return false;
  return (
    current.mode === wanted.mode &&
    (wanted.uid === undefined || current.uid === wanted.uid) &&
    (wanted.gid === undefined || current.gid === wanted.gid) &&
    current.content.equals(bytes)
  );
}

// The message already starts with dest: name the path again only when it is a symlink's target.
function notRegular(path: string, dest: string, stats: Stats): string {
  const kind = stats.isFIFO()
    ? 'a FIFO'
    : stats.isSocket()
      ? 'a socket'
      : stats.isCharacterDevice()
        ? 'a character device'
        : stats.isBlockDevice()
          ? 'a block device'
          : 'not a regular file';
  const what = path === dest ? 'it is' : `its target ${path} is`;
  return `${what} ${kind}; only a regular file is replaced`;
}

import { constants, fstatSync, openSync, readFileSync, readSync, type Stats } from 'node:fs';
import type { FileMeta, OutputTarget } from './output-target.js';
import type { ResolvedDest } from './resolve-dest.js';
import { OutputError } from '../errors.js';
import { outputError } from './output-error.js';
import { closeQuietly } from './fd.js';

const PERMISSION_BITS = 0o7777;
const NEW_FILE_MODE = 0o644;

/** What is at dest now. */
export interface CurrentFile {
  /** undefined: not read, because its size already differs from the bytes to write (see readCurrent). */
  content: Buffer | undefined;
  mode: number;
  uid: number;
  gid: number;
}

/**
 * Reads the file at the resolved dest; undefined when there is none. With `comparedSize` (the length of the bytes
 * about to be written), a regular file of another size is not opened: it differs whatever it holds, and its mode and
 * owner come from the lstat already made (open, fstat, read and close saved on most writes).
 */
export function readCurrent({ path, stats }: ResolvedDest, dest: string, comparedSize?: number): CurrentFile | undefined {
  if (stats === undefined) return undefined;
  if (stats.isDirectory()) throw outputError('DEST_IS_DIRECTORY', dest, `${path} is a directory`);
  // A FIFO would block the read, a device would be clobbered by the rename.
  if (!stats.isFile()) throw outputError('DEST_NOT_REGULAR', dest, notRegular(path, dest, stats));
  if (comparedSize !== undefined && stats.size !== comparedSize)
    return { content: undefined, mode: stats.mode & PERMISSION_BITS, uid: stats.uid, gid: stats.gid };
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
    return { content: readSized(fd, now.size), mode: now.mode & PERMISSION_BITS, uid: now.uid, gid: now.gid };
  } catch (error) {
    if (error instanceof OutputError) throw error;
    throw outputError('READ_FAILED', dest, `cannot read ${path}`, error);
  } finally {
    closeQuietly(fd);
  }
}

// The file's bytes, `size` of them as fstat just said (as readFileSync reads, without its own second fstat); fewer if
// it shrank meanwhile. A size of 0 may be a filesystem that reports none: read to the end then, as readFileSync does.
function readSized(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd);
  const buffer = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const n = readSync(fd, buffer, done, size - done, null);
    if (n === 0) break;
    done += n;
  }
  return done === size ? buffer : buffer.subarray(0, done);
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
  if (current?.content === undefined) return false;
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

import { lstat, readFile } from 'node:fs/promises';
import type { FileMeta, OutputTarget } from './output-target.js';
import { errnoCode, outputError } from './output-error.js';

const PERMISSION_BITS = 0o7777;
const NEW_FILE_MODE = 0o644;

/** What is at dest now. */
export interface CurrentFile {
  content: Buffer;
  mode: number;
  uid: number;
  gid: number;
}

/** Reads the file at `path` (dest already resolved); undefined when there is none. */
export async function readCurrent(path: string, dest: string): Promise<CurrentFile | undefined> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw outputError('READ_FAILED', dest, `cannot stat ${path}`, error);
  }
  if (stats.isDirectory()) throw outputError('DEST_IS_DIRECTORY', dest, `${path} is a directory`);
  // A FIFO would block the read, a device would be clobbered by the rename.
  if (!stats.isFile()) throw outputError('DEST_NOT_REGULAR', dest, `${path} is not a regular file`);
  try {
    const content = await readFile(path);
    return { content, mode: stats.mode & PERMISSION_BITS, uid: stats.uid, gid: stats.gid };
  } catch (error) {
    throw outputError('READ_FAILED', dest, `cannot read ${path}`, error);
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

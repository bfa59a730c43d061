import { constants, openSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { outputError } from './output-error.js';
import { closeQuietly, fsyncFd } from './fd.js';

/** Renames the stage file over dest (atomic on POSIX, same directory) and fsyncs the directory. */
export async function swapIntoPlace(stage: string, real: string, dest: string): Promise<void> {
  try {
    renameSync(stage, real);
  } catch (error) {
    throw outputError('RENAME_FAILED', dest, `cannot rename ${stage} to ${real}`, error);
  }
  await syncDirectory(dirname(real));
}

// Makes the rename durable. Once renamed the new file IS in place, so a failing directory fsync
// (EINVAL on some filesystems) must not report the write as failed and skip the reload.
async function syncDirectory(dir: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  } catch {
    return; // Durability only; see above.
  }
  try {
    await fsyncFd(fd);
  } catch {
    // Durability only; see above.
  } finally {
    closeQuietly(fd);
  }
}

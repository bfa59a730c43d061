import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { outputError } from './output-error.js';

/** Renames the stage file over dest (atomic on POSIX, same directory) and fsyncs the directory. */
export async function swapIntoPlace(stage: string, real: string, dest: string): Promise<void> {
  try {
    await rename(stage, real);
  } catch (error) {
    throw outputError('RENAME_FAILED', dest, `cannot rename ${stage} to ${real}`, error);
  }
  await syncDirectory(dirname(real));
}

// Makes the rename durable. Once renamed the new file IS in place, so a failing directory fsync
// (EINVAL on some filesystems) must not report the write as failed and skip the reload.
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability only; see above.
  }
}

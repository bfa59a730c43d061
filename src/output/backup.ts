import { chown, constants, copyFile, link, rename, rm, stat } from 'node:fs/promises';
import { stagePathFor } from './stage-file.js';
import { outputError } from './output-error.js';

/**
 * Puts the current dest at `<dest>.bak`, atomically (own stage + rename). A hard link keeps mode, owner and
 * bytes for free and stays the old inode once dest is renamed over; a copy is the fallback where links fail.
 */
export async function backupDest(real: string, dest: string): Promise<string> {
  const backup = `${real}.bak`;
  const stage = stagePathFor(backup);
  try {
    await link(real, stage).catch(() => copyPreserving(real, stage));
    await rename(stage, backup);
    // rename(2) does nothing when both names are links to one inode (a run killed right after its backup leaves
    // dest and dest.bak linked): the stage name would stay behind.
    await rm(stage, { force: true });
    return backup;
  } catch (error) {
    await rm(stage, { force: true });
    throw outputError('BACKUP_FAILED', dest, `cannot back up to ${backup}`, error);
  }
}

// copyFile (libuv) gives the copy the source's mode; the owner we restore when we are allowed to.
async function copyPreserving(from: string, to: string): Promise<void> {
  await copyFile(from, to, constants.COPYFILE_EXCL);
  const { uid, gid } = await stat(from);
  await chown(to, uid, gid).catch(() => undefined);
}

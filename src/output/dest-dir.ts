import { statSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { errnoCode, outputError } from './output-error.js';

/** True if `dir` exists; throws DEST_DIR_MISSING (naming it) when it does not and may not be created. */
export function checkDestDir(dir: string, dest: string, createDirs: boolean): boolean {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw outputError('READ_FAILED', dest, `cannot stat ${dir}`, error);
    if (createDirs) return false;
    throw outputError('DEST_DIR_MISSING', dest, `directory ${dir} does not exist (set create_dirs to create it)`, error);
  }
  if (!isDirectory) throw outputError('DEST_DIR_MISSING', dest, `parent ${dir} is not a directory`);
  return true;
}

/** mkdir -p with 0755 on every directory it creates, whatever the umask (the service user must traverse them). */
export async function createDestDir(dir: string, dest: string): Promise<void> {
  try {
    const first = await mkdir(dir, { recursive: true, mode: 0o755 });
    if (first === undefined) return;
    let path = first;
    await chmod(path, 0o755);
    for (const part of relative(first, dir).split(sep).filter(Boolean)) {
      path = join(path, part);
      await chmod(path, 0o755);
    }
  } catch (error) {
    throw outputError('DEST_DIR_CREATE_FAILED', dest, `cannot create directory ${dir}`, error);
  }
}

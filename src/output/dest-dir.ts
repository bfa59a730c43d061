import { statSync } from 'node:fs';
import { chmod, mkdir, rmdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
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
    throw outputError('DEST_DIR_CREATE_FAILED', dest, `cannot create directory ${dir}`, await realMkdirError(dir, error));
  }
}

// Node's recursive mkdir reports ENOENT on a read-only filesystem (and for EACCES in some cases): a plain mkdir of the
// first missing directory gets the real reason (EROFS, EACCES).
async function realMkdirError(dir: string, error: unknown): Promise<unknown> {
  if (errnoCode(error) !== 'ENOENT') return error;
  let missing = dir;
  for (let parent = dirname(missing); parent !== missing; missing = parent, parent = dirname(parent)) {
    if (
      await stat(parent).then(
        () => true,
        () => false,
      )
    )
      break;
  }
  try {
    await mkdir(missing);
    await rmdir(missing);
    return error;
  } catch (real) {
    return real;
  }
}

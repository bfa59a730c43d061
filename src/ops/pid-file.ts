// --pid-file: our PID written at start (atomically), removed on exit only if it still holds our PID.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { OpsError } from './ops-error.js';

export interface PidFile {
  path: string;
  remove(): Promise<void>;
}

export async function writePidFile(path: string, pid = process.pid): Promise<PidFile> {
  const tmp = `${path}.${pid}.tmp`;
  try {
    await writeFile(tmp, `${pid}\n`, { mode: 0o644 });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new OpsError(`cannot write pid file ${path}: ${(error as Error).message}`, error, path);
  }
  return {
    path,
    async remove() {
      // A newer instance may have taken the file over: leave its PID alone.
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text?.trim() === String(pid)) await rm(path, { force: true });
    },
  };
}

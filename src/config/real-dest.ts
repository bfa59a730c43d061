// The file a dest really names: writes go through symlinks, so two dests reaching one file are one dest.
import { realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The dest with every symlink resolved (the file's, or, when the file does not exist yet, its directory's); the
 * dest itself when neither resolves. Used to detect two resources writing one file.
 */
export async function realDest(dest: string): Promise<string> {
  try {
    return await realpath(dest);
  } catch {
    try {
      return join(await realpath(dirname(dest)), basename(dest));
    } catch {
      return dest;
    }
  }
}

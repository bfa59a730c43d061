// The file a dest really names: writes go through symlinks, so two dests reaching one file are one dest.
import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The dest with every symlink resolved (the file's, or, when the file does not exist yet, its directory's); the
 * dest itself when neither resolves. Used to detect two resources writing one file. Synchronous for the reason
 * templatePath is (normalize-resource.ts): hundreds of parallel realpaths cost more in thread hand-offs than in work.
 */
export function realDest(dest: string): string {
  try {
    return realpathSync(dest);
  } catch {
    try {
      return join(realpathSync(dirname(dest)), basename(dest));
    } catch {
      return dest;
    }
  }
}

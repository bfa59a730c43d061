import { lstat, readlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { errnoCode, outputError } from './output-error.js';

// Linux's own limit on symlink hops (MAXSYMLINKS).
const MAX_HOPS = 40;

/**
 * The file we actually replace. A symlinked dest is written THROUGH (consul-template's choice): the link stays,
 * its target gets the new content, so links set up by packaging or config management survive. A dangling link
 * creates its target.
 */
export async function resolveDest(dest: string): Promise<string> {
  let path = dest;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    let isLink: boolean;
    try {
      isLink = (await lstat(path)).isSymbolicLink();
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return path;
      throw outputError('READ_FAILED', dest, `cannot stat ${path}`, error);
    }
    if (!isLink) return path;
    path = resolve(dirname(path), await readlink(path));
  }
  throw outputError('SYMLINK_LOOP', dest, `more than ${MAX_HOPS} symlinks to follow`);
}

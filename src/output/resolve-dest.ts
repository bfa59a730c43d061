import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { errnoCode, outputError } from './output-error.js';

// Linux's own limit on symlink hops (MAXSYMLINKS).
const MAX_HOPS = 40;

/** The file a write replaces, and what is there now (undefined: nothing yet). */
export interface ResolvedDest {
  path: string;
  stats: Stats | undefined;
}

/**
 * The file we actually replace. A symlinked dest is written THROUGH (consul-template's choice): the link stays,
 * its target gets the new content, so links set up by packaging or config management survive. A dangling link
 * creates its target. Synchronous like the rest of the output stage (see write-output.ts).
 */
export function resolveDest(dest: string): ResolvedDest {
  let path = dest;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    let stats: Stats;
    try {
      stats = lstatSync(path);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return { path, stats: undefined };
      throw outputError('READ_FAILED', dest, `cannot stat ${path}`, error);
    }
    if (!stats.isSymbolicLink()) return { path, stats };
    try {
      path = resolve(dirname(path), readlinkSync(path));
    } catch (error) {
      throw outputError('READ_FAILED', dest, `cannot read link ${path}`, error);
    }
  }
  throw outputError('SYMLINK_LOOP', dest, `more than ${MAX_HOPS} symlinks to follow`);
}

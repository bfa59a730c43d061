// Which files the file backend reads, in which order, and their merged keys.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BackendError, describeError } from '../errors.js';
import { flattenDocument } from './file-flatten.js';

const DATA_FILE = /\.(ya?ml|json)$/i;

/** Files found in a directory: `*.yaml`, `*.yml`, `*.json`, not hidden (editor swap files, `.git`). */
export function isDataFileName(name: string): boolean {
  return !name.startsWith('.') && DATA_FILE.test(name);
}

interface Found {
  file: string;
  /** Found by listing a directory, so it may vanish before we read it (that is a delete, not an error). */
  listed: boolean;
}

/**
 * Read every path (a file of any extension, or a directory searched recursively, names sorted)
 * and merge: a later file overrides an earlier one key by key.
 */
export async function readKeys(paths: readonly string[], signal: AbortSignal): Promise<Map<string, string>> {
  const merged = new Map<string, string>();
  for (const path of paths) {
    for (const { file, listed } of await listPath(resolve(path))) {
      let text: string;
      try {
        text = await readFile(file, { encoding: 'utf8', signal });
      } catch (error) {
        if (signal.aborted) throw error;
        if (listed && (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw readError(file, error);
      }
      for (const [key, value] of flattenDocument(text, file)) merged.set(key, value);
    }
  }
  return merged;
}

async function listPath(path: string): Promise<Found[]> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (error) {
    throw readError(path, error);
  }
  if (!isDir) return [{ file: path, listed: false }];
  const files: string[] = [];
  await listDir(path, files);
  return files.map((file) => ({ file, listed: true }));
}

// Depth-first, names sorted, so the override order is stable across platforms and runs.
async function listDir(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw readError(dir, error);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    // Symlinked directories are not followed (no cycles); symlinked files are read.
    if (entry.isDirectory()) await listDir(full, out);
    else if ((entry.isFile() || entry.isSymbolicLink()) && isDataFileName(entry.name)) out.push(full);
  }
}

function readError(file: string, cause: unknown): BackendError {
  return new BackendError('FILE_READ', `cannot read ${file}: ${describeError(cause)}`, { file, cause });
}

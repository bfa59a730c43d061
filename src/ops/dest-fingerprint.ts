// Whether a dest file is still the one confetti last wrote or compared: /status must not say "in sync" for a file
// someone edited or deleted by hand.
import { statSync } from 'node:fs';

/** inode, size, mtime and ctime of the file a dest names (through symlinks); undefined when it is missing. */
export function fingerprintOf(dest: string): string | undefined {
  try {
    // ctime moves on every write and chmod and cannot be set back by `touch`, so an edit always changes it.
    const s = statSync(dest, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.mode}`;
  } catch {
    return undefined;
  }
}

// Descriptor helpers of the output stage: fsync off the event loop, and a close that never masks an outcome.
import { closeSync, fsync } from 'node:fs';

/** fsync(2) on libuv's thread pool: the one output step that can take long on a busy disk. */
export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fsync(fd, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Closes a descriptor whose outcome is already decided (read done, data fsynced, or an error on its way): a failing
 * close must not replace that outcome with an error that names no destination.
 */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // see above
  }
}

import { fsync } from 'node:fs';

/** fsync(2) on libuv's thread pool: the one output step that can take long on a busy disk. */
export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fsync(fd, (error) => (error ? reject(error) : resolve()));
  });
}

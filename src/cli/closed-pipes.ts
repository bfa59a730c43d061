// A reader that goes away (`confetti watch --help | head -1`, a log collector restarting) must not crash confetti.
// Node ignores SIGPIPE, so a write to a closed pipe becomes an 'error' event on the stream, and an unhandled one is
// thrown. Output nobody reads is dropped instead: the command runs to its end and exits with its own code.
const GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

export function dropOutputToClosedPipes(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === undefined || !GONE.has(error.code)) throw error;
    });
  }
}

// Parses process.argv and runs the command; shared by the bundle's entry (main.ts) and the executable's (sea-main.ts).
import { CommanderError, type Command } from 'commander';
import { EXIT_CODES } from '../errors.js';
import { dropOutputToClosedPipes } from './closed-pipes.js';
import { exitCodeOf, formatError } from './exit.js';
import { createProgram } from './program.js';

/** `program` is built by the caller when it can be built ahead of time (the executable's snapshot, sea-main.ts). */
export function runMain(program: Command = createProgram()): void {
  dropOutputToClosedPipes();
  program.parseAsync(process.argv).catch((error: unknown) => {
    if (error instanceof CommanderError) {
      // commander has printed the message or the help already.
      process.exitCode = error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    } else {
      process.stderr.write(`confetti: ${formatError(error)}\n`);
      process.exitCode = exitCodeOf(error);
    }
  });
}

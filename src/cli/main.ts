// Entry point of dist/confetti.js.
import { exitCodeOf, formatError } from './exit.js';
import { createProgram } from './program.js';

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`confetti: ${formatError(error)}\n`);
  process.exitCode = exitCodeOf(error);
}

// Each command's --help ends with the documents that explain it (paths in confetti's source tree).
import type { Command } from 'commander';

/** `docs`: paths relative to the repository root, e.g. "docs/configuration.md"; test/docs/help.test.ts checks they exist. */
export function addDocPointer(cmd: Command, docs: readonly string[]): Command {
  return cmd.addHelpText('after', `\nDocumentation: ${docs.join(', ')} in confetti's source tree.`);
}

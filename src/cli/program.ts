// The commander program: commands and --version; behaviour lives in each command's module.
import { Command } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { createCheckCommand } from './check-command.js';
import { createConvertCommand } from './convert-command.js';
import { createRegisterCommand } from './register-command.js';
import { createRenderCommand } from './render-command.js';
import { createWatchCommand } from './watch-command.js';

export function createProgram(): Command {
  const program = new Command('confetti')
    .description('Keep static configuration files in step with keys in etcd')
    .version(`${pkg.version} (node ${process.version})`) // the executable embeds its own Node
    .showHelpAfterError()
    .addHelpText('after', "\nEvery flag: confetti <command> --help. Documentation: README.md and docs/ in confetti's source tree.");
  // No root action: commander then refuses unknown commands ("did you mean render?") and adds `help <command>`.
  program.addCommand(createRenderCommand());
  program.addCommand(createWatchCommand());
  program.addCommand(createCheckCommand());
  program.addCommand(createRegisterCommand());
  program.addCommand(createConvertCommand());
  // Usage errors become exit code 2 in run-main.ts instead of commander's process.exit(1).
  for (const cmd of [program, ...program.commands]) cmd.exitOverride();
  return program;
}

// `confetti check`: validate settings, resources and templates without a backend.
import { Command } from 'commander';
import { addDocPointer } from './doc-pointer.js';
import { addSettingOptions, givenOptions } from './options.js';

export function createCheckCommand(): Command {
  const cmd = new Command('check').description('validate settings, resource files and templates without touching a backend');
  addSettingOptions(cmd, 'check');
  cmd.action(async () => {
    const { runCheck } = await import('./check-action.js');
    await runCheck(givenOptions(cmd));
  });
  addDocPointer(cmd, ['docs/configuration.md', 'docs/templates.md']);
  return cmd;
}

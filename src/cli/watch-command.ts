// `confetti watch`: keep every destination equal to render(current keys) until stopped.
import { Command } from 'commander';
import { addDocPointer } from './doc-pointer.js';
import { addSettingOptions, givenOptions } from './options.js';

export function createWatchCommand(): Command {
  const cmd = new Command('watch').description('follow the store and re-render resources whenever their keys change');
  addSettingOptions(cmd, 'watch');
  cmd.action(async () => {
    const { runWatch } = await import('./watch-action.js');
    await runWatch(givenOptions(cmd));
  });
  addDocPointer(cmd, ['docs/configuration.md', 'docs/operations.md']);
  return cmd;
}

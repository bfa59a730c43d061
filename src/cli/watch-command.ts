// `confetti watch`: keep every destination equal to render(current keys) until stopped.
import { Command } from 'commander';
import { addDocPointer } from './doc-pointer.js';
import { addCommonOptions, addEtcdOptions, addExecOptions, addOpsOptions, addOutputOptions, givenOptions } from './options.js';

export function createWatchCommand(): Command {
  const cmd = new Command('watch').description('follow the store and re-render resources whenever their keys change');
  addCommonOptions(cmd);
  addEtcdOptions(cmd);
  addOutputOptions(cmd);
  addExecOptions(cmd);
  addOpsOptions(cmd);
  cmd
    .option('--wait <min[:max]>', 'default quiescence: render once no change came for min, at most max after the first (default: none; max = 4×min)')
    .option('--interval <duration>', 'poll the store on this period instead of watching it')
    .option('--dns-refresh <duration>', 'look up the names templates used again on this period and re-render what changed (default: 30s)')
    .action(async () => {
      const { runWatch } = await import('./watch-action.js');
      await runWatch(givenOptions(cmd));
    });
  addDocPointer(cmd, ['docs/configuration.md', 'docs/operations.md']);
  return cmd;
}

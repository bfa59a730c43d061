// `confetti render`: one snapshot, every resource once, a summary line each; exit 0 only if all succeeded.
import { Command } from 'commander';
import { addDocPointer } from './doc-pointer.js';
import { addCommonOptions, addEtcdOptions, addOutputOptions, givenOptions } from './options.js';

export function createRenderCommand(): Command {
  const cmd = new Command('render').description('render every resource once from one consistent snapshot, then exit');
  addCommonOptions(cmd);
  addEtcdOptions(cmd);
  addOutputOptions(cmd);
  cmd
    .option('--dry-run', 'write nothing, run nothing; print a unified diff for each file that would change')
    .option('--wait-for-data <duration>', 'retry an unreachable backend this long before failing (default: fail fast)')
    .action(async () => {
      const { runRender } = await import('./render-action.js');
      await runRender(givenOptions(cmd));
    });
  addDocPointer(cmd, ['docs/configuration.md']);
  return cmd;
}

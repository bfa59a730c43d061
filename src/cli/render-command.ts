// `confetti render`: one snapshot, every resource once, a summary line each; exit 0 only if all succeeded.
import { Command } from 'commander';
import { addDocPointer } from './doc-pointer.js';
import { addSettingOptions, givenOptions } from './options.js';

export function createRenderCommand(): Command {
  const cmd = new Command('render').description('render every resource once from one consistent snapshot, then exit');
  addSettingOptions(cmd, 'render');
  cmd.action(async () => {
    const { runRender } = await import('./render-action.js');
    await runRender(givenOptions(cmd));
  });
  addDocPointer(cmd, ['docs/configuration.md']);
  return cmd;
}

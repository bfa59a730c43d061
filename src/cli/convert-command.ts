// `confetti convert CONFD_CONFDIR OUT_CONFDIR`: confd resources and Go templates become confetti's.
import { Command } from 'commander';
import { addDocPointer } from './doc-pointer.js';

export function createConvertCommand(): Command {
  const cmd = new Command('convert')
    .description('convert a confd confdir (conf.d/*.toml, Go templates) into a confetti confdir')
    .argument('<confd-confdir>', "confd's confdir, e.g. /etc/confd")
    .argument('<out-confdir>', 'where conf.d/<name>.yaml and templates/<name>.hbs are written')
    .option('--force', 'overwrite files that exist')
    .option('--dry-run', 'write nothing; print each file that would be written')
    .addHelpText(
      'after',
      '\nExit codes: 0 all converted; 1 something needs a person (listed as file:line:col on stderr,\nmarked CONFETTI-CONVERT in the template); 2 usage; 3 unreadable input.',
    )
    .action(async (from: string, to: string) => {
      const { runConvert } = await import('./convert-action.js');
      const flags = cmd.opts<{ force?: boolean; dryRun?: boolean }>();
      await runConvert(from, to, { force: flags.force === true, dryRun: flags.dryRun === true });
    });
  addDocPointer(cmd, ['docs/migrating-from-confd.md']);
  return cmd;
}

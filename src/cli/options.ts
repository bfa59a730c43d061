// Each command's flags, generated from the settings table. No commander defaults: a flag counts only when given, so
// the settings layer can apply flags > CONFETTI_* env > config file > defaults; --help shows the table's default.
import { Option, type Command } from 'commander';
import { SETTING_NAMES, flagName, settingSpec } from '../config/settings-table.js';
import type { AnySetting, CommandName } from '../config/settings-table.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Adds the flag of every setting `command` takes, in the table's order. */
export function addSettingOptions(cmd: Command, command: CommandName): Command {
  for (const name of SETTING_NAMES) {
    const spec = settingSpec(name);
    if (!spec.commands.includes(command)) continue;
    const arg = spec.arg ?? spec.type.arg;
    const option = new Option(arg === undefined ? flagName(name) : `${flagName(name)} ${arg}`, helpOf(spec));
    const choices = spec.choicesFor?.[command];
    if (choices !== undefined) option.choices(choices);
    if (spec.repeatable === true) option.argParser(collect);
    cmd.addOption(option);
    if (spec.negate !== undefined) cmd.option(`--no-${flagName(name).slice(2)}`, spec.negate);
    if (spec.alias !== undefined) {
      const long = spec.alias.flag.split(' ')[0] ?? '';
      cmd.on(`option:${long.slice(2)}`, (value: string) => cmd.setOptionValueWithSource(name, value, 'cli'));
      cmd.option(spec.alias.flag, spec.alias.help);
    }
  }
  return cmd;
}

/** "connect timeout (default: 5s; fallback ETCDCTL_…)". */
function helpOf(spec: AnySetting): string {
  const shown = spec.default === undefined ? spec.unset : spec.type.show(spec.default);
  const notes = [
    shown === undefined ? undefined : `default: ${shown}`,
    spec.etcdctl && `${spec.etcdctl.length > 1 ? 'fallbacks' : 'fallback'} ${spec.etcdctl.join(', ')}`,
  ];
  const extra = notes.filter((n) => n !== undefined).join('; ');
  return extra === '' ? spec.help : `${spec.help} (${extra})`;
}

/** Options the user actually gave (not commander defaults), for the settings layer. */
export function givenOptions(cmd: Command): Record<string, unknown> {
  const all = cmd.opts<Record<string, unknown>>();
  return Object.fromEntries(Object.entries(all).filter(([k]) => cmd.getOptionValueSource(k) === 'cli'));
}

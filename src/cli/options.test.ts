import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, SETTING_NAMES, flagName, settingSpec } from '../config/settings-table.js';
import { addSettingOptions, givenOptions } from './options.js';

describe('flags generated from the settings table', () => {
  it.each(COMMANDS)('`%s` has a flag for exactly the settings that name it, with the default from the table in its help', (command) => {
    const cmd = addSettingOptions(new Command(command), command);
    const wanted = SETTING_NAMES.filter((n) => settingSpec(n).commands.includes(command));
    const flags = new Map(cmd.options.map((o) => [o.long, o]));
    for (const name of wanted) {
      const spec = settingSpec(name);
      const option = flags.get(flagName(name));
      expect(option, flagName(name)).toBeDefined();
      const shown = spec.default === undefined ? spec.unset : spec.type.show(spec.default);
      if (shown !== undefined) expect(option?.description).toContain(`default: ${shown}`);
    }
    const extra = cmd.options.map((o) => o.long ?? '').filter((f) => !wanted.map(flagName).includes(f));
    expect(extra.sort()).toEqual(command === 'watch' ? ['--no-watch-config', '--peers'] : command === 'check' ? [] : ['--peers']);
  });

  it('prints durations and sizes the way users write them', () => {
    const watch = addSettingOptions(new Command('watch'), 'watch');
    const help = (flag: string) => watch.options.find((o) => o.long === flag)?.description;
    expect(help('--dial-timeout')).toBe('connect timeout (default: 5s)');
    expect(help('--max-output-size')).toBe('refuse a render larger than this (default: 64MiB)');
    expect(help('--watch-config')).toBe('reload when files in conf.d/ or templates/ change (default: on)');
  });

  it('counts only flags the user gave; --peers sets endpoints, --file repeats', () => {
    const cmd = addSettingOptions(new Command('render'), 'render').exitOverride();
    cmd.parse(['--peers', 'http://a:1', '--file', '/a.yaml', '--file', '/b.yaml', '--sync-only'], { from: 'user' });
    // peers itself is passed on too, and ignored: it is no setting.
    expect(givenOptions(cmd)).toEqual({ peers: 'http://a:1', endpoints: 'http://a:1', file: ['/a.yaml', '/b.yaml'], syncOnly: true });
  });
});

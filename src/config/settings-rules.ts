// Rules across settings (one value alone is fine, the combination is not).
import type { Chosen } from './load-settings.js';
import type { ProblemList, ProblemSite } from './problems.js';
import type { Settings } from './settings.js';

export function checkSettingsRules(settings: Settings, chosen: Chosen, problems: ProblemList): void {
  const siteOf = (option: keyof Chosen, fallback: string): ProblemSite => chosen[option]?.given.site() ?? { key: fallback };
  if (settings.backend === 'file' && settings.file.length === 0) {
    problems.add(
      'CONFIG_MISSING_VALUE',
      'the file backend needs at least one --file (CONFETTI_FILE, or `file` in the settings file)',
      siteOf('backend', '--backend'),
    );
  }
  if ((settings.cert === undefined) !== (settings.key === undefined)) {
    const [set, missing] = settings.cert === undefined ? (['key', 'cert'] as const) : (['cert', 'key'] as const);
    problems.add('CONFIG_MISSING_VALUE', `a client ${set} needs a client ${missing} too`, siteOf(set, `--${set}`));
  }
  if (settings.passwordFile !== undefined && settings.user?.includes(':')) {
    problems.add(
      'CONFIG_CONFLICT',
      'user already carries a password ("name:password"); drop it or the password file',
      siteOf('user', '--user'),
    );
  }
}

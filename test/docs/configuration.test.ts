// docs/configuration.md against the code: every flag of every command, every settings-file key with its CONFETTI_*
// variable, and every resource field is documented, and everything documented exists.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.js';
import { RESOURCE_KEYS } from '../../src/config/resource-schema.js';
import { SETTINGS_FILE_KEYS } from '../../src/config/settings-file-schema.js';
import { FILE_SETTINGS, fileKey, settingSpec } from '../../src/config/settings-table.js';

const DOC = 'docs/configuration.md';
const text = readFileSync(join(resolve(import.meta.dirname, '../..'), DOC), 'utf8');

/** The rows of the first table after `heading`, as arrays of cells. */
function tableAfter(heading: string): string[][] {
  const lines = text.split('\n');
  const start = lines.indexOf(heading);
  expect(start, `${DOC} has "${heading}"`).toBeGreaterThanOrEqual(0);
  const first = lines.findIndex((l, i) => i > start && l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = first + 2; i < lines.length && lines[i]?.startsWith('|'); i++) {
    rows.push(
      (lines[i] ?? '')
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

const code = (cell: string | undefined): string | undefined => /^`([^`]+)`/.exec(cell ?? '')?.[1];
const flagRows = tableAfter('## Flags and settings').map(([flag, commands, key, env]) => ({
  flag: code(flag)?.split(' ')[0] ?? '',
  commands: (commands ?? '').split(' '),
  key: code(key),
  env: code(env),
}));

describe(DOC, () => {
  const program = createProgram();
  const commands = program.commands.filter((c) => c.name() !== 'help');

  it.each(commands.map((c) => [c.name(), c] as const))('lists exactly the flags of `confetti %s`', (name, cmd) => {
    const actual = cmd.options
      .map((o) => o.long ?? '')
      .filter((f) => f !== '--help')
      .sort();
    const documented = flagRows
      .filter((r) => r.commands.includes(name))
      .map((r) => r.flag)
      .sort();
    expect(documented).toEqual(actual);
  });

  it('documents no flag that no command has, wherever the page mentions one', () => {
    const real = new Set([...commands.flatMap((c) => c.options.map((o) => o.long ?? '')), '--help', '--version']);
    const mentioned = new Set(text.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? []);
    expect([...mentioned].filter((f) => !real.has(f))).toEqual([]);
  });

  it('gives every settings-file key a row, with its CONFETTI_* variable, and no key that does not exist', () => {
    const documented = flagRows.flatMap((r) => (r.key === undefined ? [] : [r.key]));
    expect([...documented].sort()).toEqual([...SETTINGS_FILE_KEYS].sort());
    for (const r of flagRows) if (r.key !== undefined) expect(r.env, `${r.flag}`).toBe(`CONFETTI_${r.key.toUpperCase()}`);
    // The flag of a setting is its key in kebab case.
    for (const r of flagRows) if (r.key !== undefined) expect(r.flag).toBe(`--${r.key.replaceAll('_', '-')}`);
  });

  it('lists exactly the settings a SIGHUP applies live (reload: "live" in src/config/settings-table.ts)', () => {
    const section = text.slice(text.indexOf('### Reloading settings'), text.indexOf('## Durations and sizes'));
    const live = /Live, applied at once: ([^.]+)\./.exec(section.replaceAll('\n', ' '))?.[1] ?? '';
    const documented = [...live.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).sort();
    expect(documented).toEqual(
      FILE_SETTINGS.filter((n) => settingSpec(n).reload === 'live')
        .map(fileKey)
        .sort(),
    );
  });

  it('gives every resource field a row, and no field that does not exist', () => {
    // A row may name several fields: `owner`, `group`.
    const documented = tableAfter('## Resource files').flatMap(([field]) =>
      [...(field ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''),
    );
    expect([...documented].sort()).toEqual([...RESOURCE_KEYS].sort());
  });
});

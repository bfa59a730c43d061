// `confetti --help` stays short, and each command's help ends with the documents that explain it.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** What `confetti [command] --help` prints, addHelpText included. */
function helpOf(cmd: Command): string {
  let out = '';
  cmd.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  cmd.outputHelp();
  return out;
}

describe('--help', () => {
  const program = createProgram();

  it('`confetti --help` stays short: the commands, one line each, and where to read more', () => {
    const lines = helpOf(program).trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines.at(-1)).toMatch(/confetti <command> --help.*README\.md and docs\//);
  });

  it.each(program.commands.filter((c) => c.name() !== 'help').map((c) => [c.name(), c] as const))(
    '`confetti %s --help` ends with the documents that explain it, and they exist',
    (_name, cmd) => {
      const last = helpOf(cmd).trimEnd().split('\n').at(-1) ?? '';
      const docs = [...last.matchAll(/docs\/[a-z-]+\.md/g)].map((m) => m[0]);
      expect(last).toMatch(/^Documentation: /);
      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs) expect(existsSync(join(ROOT, doc)), doc).toBe(true);
    },
  );
});

import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { CheckFailedError, ConfigError, EXIT_CODES, OutputError, TemplateError } from '../errors.js';
import { exitCodeOfAll } from './exit.js';
import { createProgram } from './program.js';

const outcome = { command: 'x', exitCode: 1, signal: undefined, timedOut: false, output: '', ms: 1 };

describe('exitCodeOfAll', () => {
  it('is the earliest stage among the failures, as the README table says', () => {
    expect(exitCodeOfAll([])).toBe(EXIT_CODES.ok);
    expect(exitCodeOfAll([new TemplateError('TEMPLATE_SYNTAX', 't')])).toBe(5);
    expect(
      exitCodeOfAll([new CheckFailedError('c', outcome), new OutputError('WRITE_FAILED', 'o'), new TemplateError('TEMPLATE_SYNTAX', 't')]),
    ).toBe(5);
    expect(exitCodeOfAll([new CheckFailedError('c', outcome), new ConfigError('CONFIG_INVALID_VALUE', 'c')])).toBe(3);
    expect(exitCodeOfAll([new OutputError('WRITE_FAILED', 'o')])).toBe(6);
    expect(exitCodeOfAll([new CheckFailedError('c', outcome)])).toBe(7);
  });

  it('is 1 when a failure is not a stage error', () => {
    expect(exitCodeOfAll([new TemplateError('TEMPLATE_SYNTAX', 't'), new Error('boom')])).toBe(1);
  });
});

describe('usage errors', () => {
  // run-main.ts maps CommanderError to exit 2 before exitCodeOf, which therefore needs no commander case.
  it.each([[['render', '--bogus']], [['render', '--backend', 'consul']], [['rendr']], [['convert', 'only-one']], [['watch', '--confdir']]])(
    'reach run-main as a CommanderError: %j',
    async (args) => {
      const program = createProgram();
      for (const cmd of [program, ...program.commands]) cmd.configureOutput({ writeErr: () => {}, writeOut: () => {} });
      await expect(program.parseAsync(['node', 'confetti', ...args])).rejects.toBeInstanceOf(CommanderError);
    },
  );
});

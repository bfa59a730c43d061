import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { ConfigProblemsError, describeProblem, formatKeyPath, ProblemList } from './problems.js';

describe('describeProblem', () => {
  it('formats file:line: key: message, leaving out what is unknown', () => {
    expect(describeProblem(new ConfigError('CONFIG_INVALID_VALUE', 'bad', { file: '/c.yaml', line: 3, key: 'wait.min' }))).toBe(
      '/c.yaml:3: wait.min: bad',
    );
    expect(describeProblem(new ConfigError('CONFIG_INVALID_VALUE', 'bad', { file: '/c.yaml', key: 'mode' }))).toBe('/c.yaml: mode: bad');
    expect(describeProblem(new ConfigError('CONFIG_INVALID_VALUE', 'bad', { key: '--interval' }))).toBe('--interval: bad');
    expect(describeProblem(new ConfigError('CONFIG_INVALID_VALUE', 'bad'))).toBe('bad');
  });

  it('lists every problem of a ConfigProblemsError, flags first, then by file and line', () => {
    const list = new ProblemList();
    list.add('CONFIG_INVALID_VALUE', 'late', { file: '/b.yaml', line: 9, key: 'x' });
    list.add('CONFIG_MISSING_VALUE', 'early', { file: '/b.yaml', line: 2, key: 'y' });
    list.add('CONFIG_CONFLICT', 'flag', { key: '--prefix' });
    let thrown: unknown;
    try {
      list.throwIfAny('invalid things');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigProblemsError);
    const error = thrown as ConfigProblemsError;
    expect(describeProblem(error)).toBe('--prefix: flag\n/b.yaml:2: y: early\n/b.yaml:9: x: late');
    expect(error.message).toBe('invalid things (3 problems):\n  --prefix: flag\n  /b.yaml:2: y: early\n  /b.yaml:9: x: late');
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 3, key: '--prefix' });
    expect(error.cause).toBeInstanceOf(AggregateError);
  });

  it('throws nothing when there are only warnings', () => {
    const list = new ProblemList();
    list.warn('odd', { key: 'CONFETTI_X' });
    expect(() => list.throwIfAny('x')).not.toThrow();
    expect(list.warnings).toEqual(['CONFETTI_X: odd']);
  });
});

describe('formatKeyPath', () => {
  it('joins names with dots and indexes with brackets', () => {
    expect(formatKeyPath(['template', 'keys', 2])).toBe('template.keys[2]');
    expect(formatKeyPath([])).toBe('');
  });
});

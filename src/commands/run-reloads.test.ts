import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandError } from '../errors.js';
import { runReloads } from './run-reloads.js';
import { shellQuote } from './shell-quote.js';
import { COUNT_SH, FAIL_SH } from '../../test/fixtures/commands/fixtures.js';

let dir: string;
let log: string;
const signal = new AbortController().signal;
const count = (label: string): string => `${COUNT_SH} ${shellQuote(log)} ${label}`;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'confetti-reload-'));
  log = join(dir, 'reloads.log');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runReloads', () => {
  it.each([
    ['shorter first', [100, 5_000]],
    ['longer first', [5_000, 100]],
  ] as const)('gives a reload shared by two resources the longer of their timeouts (%s)', async (_order, [first, second]) => {
    const command = `sleep 0.5 && ${count('slow')}`;
    const [result] = await runReloads(
      [
        { resource: 'a', command, timeoutMs: first },
        { resource: 'b', command, timeoutMs: second },
      ],
      signal,
    );
    expect(result?.outcome.timedOut).toBe(false);
    expect(result?.error).toBeUndefined();
    expect(await readFile(log, 'utf8')).toBe('slow\n');
  });

  it('runs each distinct reload once, in first-appearance order, naming every resource that asked', async () => {
    const results = await runReloads(
      [
        { resource: 'haproxy', command: count('A'), timeoutMs: 5_000 },
        { resource: 'nginx', command: count('B'), timeoutMs: 5_000 },
        { resource: 'haproxy-backends', command: count('A'), timeoutMs: 5_000 },
        { resource: 'other', command: count('C'), timeoutMs: 5_000 },
      ],
      signal,
    );
    expect(await readFile(log, 'utf8')).toBe('A\nB\nC\n');
    expect(results.map((r) => [r.command, r.resources])).toEqual([
      [count('A'), ['haproxy', 'haproxy-backends']],
      [count('B'), ['nginx']],
      [count('C'), ['other']],
    ]);
    expect(results.every((r) => r.error === undefined && r.outcome.exitCode === 0)).toBe(true);
  });

  it('keeps going after a failing reload and reports it with command, resources and output', async () => {
    const results = await runReloads(
      [
        { resource: 'a', command: FAIL_SH, timeoutMs: 5_000 },
        { resource: 'b', command: count('after'), timeoutMs: 5_000 },
      ],
      signal,
    );
    expect(await readFile(log, 'utf8')).toBe('after\n');
    const error = results[0]?.error;
    expect(error).toBeInstanceOf(CommandError);
    expect(error?.code).toBe('RELOAD_FAILED');
    expect(error?.message).toContain(FAIL_SH);
    expect(error?.message).toContain('exit code 3');
    expect(error?.message).toContain('something is wrong');
    expect(error?.outcome.exitCode).toBe(3);
    expect(results[1]?.error).toBeUndefined();
  });

  it('names a hanging reload in a timeout error', async () => {
    const [result] = await runReloads([{ resource: 'slow', command: 'sleep 30', timeoutMs: 200 }], signal);
    expect(result?.outcome.timedOut).toBe(true);
    expect(result?.error?.code).toBe('RELOAD_TIMEOUT');
    expect(result?.error?.message).toContain('`sleep 30`');
    expect(result?.error?.message).toContain('timed out after 200 ms');
  });

  it('runs nothing for no requests', async () => {
    expect(await runReloads([], signal)).toEqual([]);
  });
});

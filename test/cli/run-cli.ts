// Runs the CLI as a user would: dist/confetti.js with the test's Node by default. The runner is configurable, so the
// same CLI tests also run the single executable (alone, no node on PATH, fresh HOME) and other Node versions: the
// `cli:*` projects of vitest.config.ts provide `cliRunner` (test/ship/cli-runner-setup.ts).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { inject } from 'vitest';
import type { CliRunner } from '../ship/runners.js';

export const CLI_RUNNER: CliRunner | undefined = inject('cliRunner');

export const CLI = resolve(import.meta.dirname, '../../dist/confetti.js');

/** The executable and leading arguments that start the CLI under test. */
export const CLI_COMMAND: readonly [string, ...string[]] =
  CLI_RUNNER?.kind === 'sea' ? [CLI_RUNNER.bin] : [CLI_RUNNER?.node ?? process.execPath, CLI];

/** PATH and HOME for the CLI under test. */
export function cliBaseEnv(): Record<string, string> {
  return {
    PATH: (CLI_RUNNER?.kind === 'sea' ? CLI_RUNNER.path : process.env.PATH) ?? '/usr/bin:/bin',
    HOME: (CLI_RUNNER?.kind === 'sea' ? CLI_RUNNER.home : process.env.HOME) ?? '/root',
  };
}

/** [file, args] for spawn/execFile. */
export function cliSpawnArgs(args: string[]): [string, string[]] {
  const [file, ...rest] = CLI_COMMAND;
  return [file, [...rest, ...args]];
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<CliResult> {
  // A clean environment: only PATH/HOME and what the test passes, so no CONFETTI_* leaks in.
  const env = cliBaseEnv();
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  const [file, argv] = cliSpawnArgs(args);
  return new Promise((resolveResult) => {
    execFile(file, argv, { cwd: opts.cwd, env, timeout: opts.timeoutMs ?? 20_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolveResult({ code, stdout, stderr });
    });
  });
}

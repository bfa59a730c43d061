// The CLI under test is the one its project claims: the executable alone, with no node on its PATH, or
// dist/confetti.js on the intended Node major. Without this, a misconfigured runner would pass every CLI test.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_RUNNER, cliBaseEnv, runCli } from '../cli/run-cli.js';

describe('the CLI runner', () => {
  it('--version names the Node the CLI runs on', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    const major = CLI_RUNNER?.nodeMajor ?? Number(process.versions.node.split('.')[0]);
    expect(r.stdout.trim()).toMatch(new RegExp(`^\\d+\\.\\d+\\.\\d+ \\(node v${major}\\.\\d+\\.\\d+\\)$`));
  });

  it.runIf(CLI_RUNNER?.kind === 'sea')('runs the executable alone in its directory, with no node on PATH', () => {
    if (CLI_RUNNER?.kind !== 'sea') return;
    expect(readdirSync(dirname(CLI_RUNNER.bin))).toEqual(['confetti']);
    const env = cliBaseEnv();
    expect(env.HOME).toBe(CLI_RUNNER.home);
    expect(() => execFileSync('/bin/sh', ['-c', 'command -v node || command -v nodejs'], { env })).toThrow();
    expect(execFileSync('/bin/sh', ['-c', 'command -v haproxy'], { env, encoding: 'utf8' })).toContain('haproxy');
  });
});

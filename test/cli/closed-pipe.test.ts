// A reader that closes its end early (`confetti … | head -1`) must not crash confetti with an EPIPE stack trace.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { cliBaseEnv, cliSpawnArgs } from './run-cli.js';

describe('output to a closed pipe', () => {
  it('is dropped: `watch --help` into a pipe closed before it writes exits 0 without an error', async () => {
    const [file, args] = cliSpawnArgs(['watch', '--help']);
    const child = spawn(file, args, { env: cliBaseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the process has started: its first write to stdout meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(code).toBe(0);
  });
});

// The suite stops at once with the package to install when a tool is missing, and .ci/run installs every one of them.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { missingTools, REQUIRED_TOOLS } from './require-tools.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the tool check before the suite', () => {
  it('names each missing tool with the Debian package that provides it', () => {
    const missing = missingTools('/nonexistent');
    expect(missing).toHaveLength(REQUIRED_TOOLS.length);
    expect(missing[0]).toMatch(/^etcd not found on PATH: apt-get install etcd-server etcd-client \(or run \.ci\/run\)/);
    expect(missingTools(process.env.PATH ?? '')).toEqual([]);
  });

  it('is what .ci/run installs: every tool is checked there and its packages added when missing', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    for (const tool of REQUIRED_TOOLS) {
      const line = ci.split('\n').find((l) => l.startsWith(`command -v ${tool.command} `));
      expect(line, `.ci/run checks ${tool.command}`).toBeDefined();
      expect(
        tool.packages.some((p) => line?.includes(`missing+=(${p})`)),
        `.ci/run installs ${tool.packages.join('/')}`,
      ).toBe(true);
    }
  });

  it('stops a vitest run before any test when etcd is not on PATH', async () => {
    const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs');
    // PATH with node only: every tool is missing; a test file that needs none of them is never reached.
    const run = promisify(execFile)(process.execPath, [vitest, 'run', '--project', 'default', 'src/config/size.test.ts'], {
      cwd: ROOT,
      env: { PATH: dirname(process.execPath), HOME: process.env.HOME ?? '/' },
      timeout: 120_000,
    });
    const failure = (await run.then(
      () => undefined,
      (error: unknown) => error,
    )) as { code?: number; stdout: string; stderr: string } | undefined;
    expect(failure?.code).toBe(1);
    const output = `${failure?.stdout ?? ''}${failure?.stderr ?? ''}`;
    expect(output).toContain('etcd not found on PATH: apt-get install etcd-server etcd-client (or run .ci/run)');
    expect(output).not.toMatch(/size\.test\.ts.*✓|Tests\s+\d+ passed/);
  });
});

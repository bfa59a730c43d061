// The README's five-minute walkthrough, run as written: etcd → confetti register → confetti watch → HAProxy serving.
// Only the ports change (free ones instead of 2379, 8080, 9001, 9002, 9480, and etcd's peer port), so the test can
// run beside others; `confetti` is dist/confetti.js.
import { spawn } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from './harness/ports.js';
import { CLI } from './cli/run-cli.js';
import { useTempDirs } from './support/temp-dir.js';

const ROOT = resolve(import.meta.dirname, '..');
const tempDir = useTempDirs();

/** The shell blocks of the walkthrough section, in order. */
async function walkthrough(): Promise<string> {
  const text = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = /## Five minutes[^\n]*\n([\s\S]*?)\n## /.exec(text)?.[1] ?? '';
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  expect(blocks).toHaveLength(2);
  return blocks.join('\n');
}

describe('README walkthrough', () => {
  it('ends with HAProxy serving the registered backends and following a deregistration', { timeout: 120_000 }, async () => {
    let script = await walkthrough();
    for (const port of ['2379', '8080', '9001', '9002', '9480']) script = script.replaceAll(port, String(await freePort()));
    // etcd's peer port (2380 by default) must not collide with another etcd either.
    const peer = `http://127.0.0.1:${await freePort()}`;
    script = script.replace(
      '--advertise-client-urls',
      `--listen-peer-urls ${peer} --initial-advertise-peer-urls ${peer} --initial-cluster default=${peer} --advertise-client-urls`,
    );
    const bin = await tempDir();
    await writeFile(join(bin, 'confetti'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    await chmod(join(bin, 'confetti'), 0o755);
    // etcdctl and confetti (their default is 127.0.0.1:2379) must talk to the walkthrough's etcd.
    const endpoint = /--listen-client-urls (\S+)/.exec(script)?.[1] ?? '';
    const child = spawn('bash', ['-c', script], {
      cwd: ROOT,
      detached: true,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        ETCDCTL_ENDPOINTS: endpoint,
        ETCDCTL_API: '3',
        CONFETTI_ENDPOINTS: endpoint,
        TMPDIR: await tempDir(),
      },
    });
    // A step that never happens would loop forever: end the script so the assertions show its output.
    // Never `process.kill(-0)`: PID 0 would signal this test run's own process group.
    const pid = child.pid;
    if (pid === undefined) throw new Error('bash did not start');
    const deadline = setTimeout(() => process.kill(-pid, 'SIGKILL'), 90_000);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      expect(out).toMatch(/^OK\nhello from \d+\n/); // etcdctl put, then the first answer through HAProxy
      expect(out).toMatch(/\n {4}server web-2 127\.0\.0\.1:\d+ check weight 100\nready\n$/);
      expect(out).not.toContain('server web-1');
      expect(code).toBe(0);
    } finally {
      clearTimeout(deadline);
      try {
        process.kill(-pid, 'SIGKILL'); // anything the script left behind
      } catch {
        // the group is gone already
      }
    }
  });
});

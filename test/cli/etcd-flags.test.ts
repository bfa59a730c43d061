// etcd connection flags as a confd/etcdctl v2 user writes them, and exec-only flags without exec mode.
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { writeConfdir } from './confdir.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs('confetti-etcd-flags-');

async function confdir(): Promise<string> {
  const { confdir } = await writeConfdir(await tempDir(), {
    resources: { 'a.yaml': 'src: a.hbs\ndest: ../a.conf\nkeys: [/a]\n' },
    templates: { 'a.hbs': '{{getv "/a/x"}}\n' },
  });
  return confdir;
}

describe('etcd flags', () => {
  it('--peers is another name for --endpoints', async () => {
    const r = await runCli(['render', '--confdir', await confdir(), '--peers', 'http://127.0.0.1:9', '--dial-timeout', '200ms']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('127.0.0.1:9');
    expect(r.stderr).not.toContain('127.0.0.1:2379');
  });
});

describe('watch --reload-signal', () => {
  it('is refused without --exec, saying why', async () => {
    const r = await runCli(['watch', '--confdir', await confdir(), '--backend', 'env', '--reload-signal', 'SIGUSR2']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--reload-signal SIGUSR2 .* is only for exec mode, and --exec is not set/);
  });
});

// Secrets on disk and in logs: a 0600 dest is never readable by others (stage file, backup), values and passwords
// never reach logs or ps, TLS is verified unless --insecure-skip-tls-verify is given (and then warned about).
import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { writeConfdir } from '../cli/confdir.js';
import { CLI, runCli } from '../cli/run-cli.js';
import { enableAuth, makeTlsFixture, startEtcd } from '../harness/etcd.js';
import { useTempDirs } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { logLines, spawnCli, stageFiles } from './support.js';

const tempDir = useTempDirs('confetti-secrets-');
const SECRET = 'tOpS3cret-db-password';

describe('a 0600 destination', () => {
  it('is never readable by others: stage file (seen by check_cmd and by polling), dest and backup', async () => {
    const dir = await tempDir();
    const out = join(dir, 'out');
    const modes = join(dir, 'modes');
    const { confdir, data } = await writeConfdir(dir, {
      resources: {
        'db.yaml':
          `src: db.hbs\ndest: ${join(out, 'db.conf')}\ncreate_dirs: true\nkeys: [/db]\nmode: "0600"\nbackup: true\n` +
          `check_cmd: sh -c 'stat -c %a "$1" >> ${modes}; sleep 0.1' check {{src}}\n`,
      },
      templates: { 'db.hbs': 'password={{getv "/db/password"}}\n{{getv "/db/pad"}}\n' },
      data: { db: { password: SECRET, pad: 'p'.repeat(4 << 20) } },
    });
    // Poll the directory the whole time for stage files and their modes.
    let polling = true;
    const seen: number[] = [];
    const poller = (async () => {
      while (polling) {
        for (const name of await stageFiles(out)) {
          const st = await stat(join(out, name)).catch(() => undefined);
          if (st) seen.push(st.mode & 0o777);
        }
        await sleep(1);
      }
    })();
    const logs: string[] = [];
    for (let i = 0; i < 4; i++) {
      await writeFile(data, JSON.stringify({ db: { password: `${SECRET}${i}`, pad: `${'p'.repeat(4 << 20)}${i}` } }));
      const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data, '--log-level', 'debug'], { env: {} });
      expect(r.code, r.stderr).toBe(0);
      logs.push(r.stdout + r.stderr);
    }
    polling = false;
    await poller;
    const checkModes = await logLines(modes);
    expect(checkModes.length).toBeGreaterThanOrEqual(4);
    expect(new Set(checkModes)).toEqual(new Set(['600']));
    expect(
      seen.every((m) => (m & 0o077) === 0),
      `stage modes seen: ${[...new Set(seen)].map((m) => m.toString(8)).join(',')}`,
    ).toBe(true);
    expect((await stat(join(out, 'db.conf'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(out, 'db.conf.bak'))).mode & 0o777).toBe(0o600);
    expect(await readdir(out)).toEqual(['db.conf', 'db.conf.bak']);
    for (const text of logs) expect(text).not.toContain(SECRET);
    console.log(
      `0600: check_cmd saw ${checkModes.length} stage files, all 600; the poller caught ${seen.length} stage-file stats, all without group/other bits`,
    );
  });

  it('is still 0600 when written under umask 000 by the watch daemon', async () => {
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: { 'db.yaml': `src: db.hbs\ndest: ${join(dir, 'db.conf')}\nkeys: [/db]\nmode: "0600"\n` },
      templates: { 'db.hbs': 'password={{getv "/db/password"}}\n' },
      data: { db: { password: SECRET } },
    });
    // umask 000 would make a plain open(0666) world-readable: the stage file must get its mode from fchmod, not the umask.
    const child = spawn(
      'sh',
      ['-c', `umask 000; exec "${process.execPath}" "${CLI}" watch --confdir "${confdir}" --backend file --file "${data}"`],
      { stdio: 'ignore' },
    );
    try {
      await waitFor(() => stat(join(dir, 'db.conf')), 'db.conf');
      expect((await stat(join(dir, 'db.conf'))).mode & 0o777).toBe(0o600);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});

describe('etcd credentials and TLS', () => {
  it('--password-file authenticates against an auth-enabled etcd; the password is not in ps or the logs', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const etcd = await startEtcd();
    let watch;
    try {
      const password = 'pw-Zq81-never-in-ps';
      const ctl = await enableAuth(etcd, password);
      await etcd.etcdctl([...ctl, 'put', '/auth/v', SECRET]);
      const pwFile = join(dir, 'pw');
      await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
      const { confdir } = await writeConfdir(dir, {
        resources: { 'a.yaml': `src: a.hbs\ndest: ${join(dir, 'a.out')}\nkeys: [/auth]\n` },
        templates: { 'a.hbs': '{{getv "/auth/v"}}\n' },
      });
      const base = ['--confdir', confdir, '--backend', 'etcd', '--endpoints', etcd.endpoints[0] as string, '--log-level', 'debug'];
      watch = spawnCli(['watch', ...base, '--user', 'root', '--password-file', pwFile]);
      await waitFor(() => readFile(join(dir, 'a.out'), 'utf8').then((t) => t === `${SECRET}\n`), 'a.out via auth', 20_000);
      const cmdline = await readFile(`/proc/${watch.pid}/cmdline`, 'utf8');
      expect(cmdline).toContain('--password-file');
      expect(cmdline).not.toContain(password);
      const environ = await readFile(`/proc/${watch.pid}/environ`, 'utf8');
      expect(environ).not.toContain(password);
      await etcd.etcdctl([...ctl, 'put', '/auth/v', `${SECRET}-2`]);
      await waitFor(() => readFile(join(dir, 'a.out'), 'utf8').then((t) => t === `${SECRET}-2\n`), 'a.out after a change', 20_000);
      await watch.stop();
      expect(watch.output()).not.toContain(password);
      expect(watch.output()).not.toContain(SECRET);
      // A wrong password fails with a clear error that still does not print it.
      await writeFile(pwFile, 'wrong-password-xyz\n');
      const bad = await runCli(['render', ...base, '--user', 'root', '--password-file', pwFile]);
      expect(bad.code).not.toBe(0);
      expect(bad.stdout + bad.stderr).toMatch(/root/);
      expect(bad.stdout + bad.stderr).not.toContain('wrong-password-xyz');
    } finally {
      await watch?.stop();
      await etcd.stop();
    }
  });

  it('verifies TLS by default; --insecure-skip-tls-verify works only when given, with a warning', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const tls = await makeTlsFixture();
    const etcd = await startEtcd({ scheme: 'https', extraArgs: tls.etcdArgs, etcdctlArgs: tls.etcdctlArgs });
    try {
      await etcd.put('/tls/v', 'ok');
      const { confdir } = await writeConfdir(dir, {
        resources: { 't.yaml': `src: t.hbs\ndest: ${join(dir, 't.out')}\nkeys: [/tls]\n` },
        templates: { 't.hbs': '{{getv "/tls/v"}}\n' },
      });
      const base = [
        'render',
        '--confdir',
        confdir,
        '--backend',
        'etcd',
        '--endpoints',
        etcd.endpoints[0] as string,
        '--cert',
        tls.clientCert,
        '--key',
        tls.clientKey,
        '--dial-timeout',
        '2s',
      ];
      const unverified = await runCli(base);
      expect(unverified.code).not.toBe(0);
      expect(unverified.stdout + unverified.stderr).toMatch(/certificate|self.signed|verify|TLS/i);
      await expect(stat(join(dir, 't.out'))).rejects.toThrow();

      const skipped = await runCli([...base, '--insecure-skip-tls-verify']);
      expect(skipped.code, skipped.stderr).toBe(0);
      expect(skipped.stderr).toMatch(/WARN.*TLS verification of etcd is disabled/);
      expect(await readFile(join(dir, 't.out'), 'utf8')).toBe('ok\n');

      await etcd.put('/tls/v', 'verified');
      const verified = await runCli([...base, '--cacert', tls.ca]);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stderr).not.toMatch(/TLS verification of etcd is disabled/);
      expect(await readFile(join(dir, 't.out'), 'utf8')).toBe('verified\n');
    } finally {
      await etcd.stop();
      await tls.cleanup();
    }
  });
});

// A resource file that fails to parse at start is a resource that has not rendered: /readyz 503 naming it, listed in
// /status, no READY=1 to systemd, no exec child, until a reload loads it.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { spawnCli, spawnProc, stopAll } from './processes.js';

const LISTENER = resolve(import.meta.dirname, 'fixtures/notify-listener.py');
const tempDir = useTempDirs('confetti-broken-');
afterEach(stopAll);

interface Status {
  ready: boolean;
  reason: string | null;
  resources: Array<{
    name: string;
    file: string;
    dest: string | null;
    lastOutcome: string;
    lastRenderAt: string | null;
    error: string | null;
  }>;
}

it('keeps a daemon whose resource file is broken unready until it is fixed (readyz, status, READY, exec)', async () => {
  const dir = await tempDir();
  await mkdir(join(dir, 'conf.d'));
  await mkdir(join(dir, 'templates'));
  await writeFile(join(dir, 'templates', 'a.hbs'), 'x={{getv "/x"}}\n');
  await writeFile(join(dir, 'conf.d', 'a.yaml'), `src: a.hbs\ndest: ${join(dir, 'a.out')}\nkeys: [/x]\n`);
  const broken = join(dir, 'conf.d', 'b.yaml');
  const good = `src: a.hbs\ndest: ${join(dir, 'b.out')}\nkeys: [/x]\n`;
  await writeFile(broken, 'src: a.hbs\ndest: [unclosed\n');
  await writeFile(join(dir, 'data.yaml'), 'x: 1\n');
  const socket = join(dir, 'notify.sock');
  const listener = spawnProc('python3', [LISTENER, socket]);
  await waitFor(() => listener.output().includes('listening'), 'the notify listener', 5_000, 20);
  const marker = join(dir, 'child-started');
  const watch = spawnCli(
    [
      'watch',
      '--confdir',
      dir,
      '--backend',
      'file',
      '--file',
      join(dir, 'data.yaml'),
      '--listen',
      '127.0.0.1:0',
      '--log-format',
      'json',
      '--no-watch-config',
      '--exec',
      `sh -c 'touch ${marker}; exec sleep 60'`,
      '--kill-timeout',
      '1s',
    ],
    { NOTIFY_SOCKET: socket },
  );
  const address = await waitFor(
    () => /"address":"([^"]+)"[^\n]*"msg":"ops server listening"/.exec(watch.output())?.[1],
    'the ops server',
    10_000,
    20,
  );
  const status = async (): Promise<Status> => (await (await fetch(`http://${address}/status`)).json()) as Status;

  // a.yaml renders; SIGUSR1 makes a second cycle, by which a READY sent at the first would have arrived.
  const first = await waitFor(
    async () => (await status()).resources.find((r) => r.name === 'a' && r.lastOutcome === 'written'),
    'a rendered',
    10_000,
    20,
  );
  watch.child.kill('SIGUSR1');
  await waitFor(
    async () => (await status()).resources.find((r) => r.name === 'a')?.lastRenderAt !== first.lastRenderAt,
    'a second cycle',
    10_000,
    20,
  );
  const readyz = await fetch(`http://${address}/readyz`);
  expect(readyz.status).toBe(503);
  expect(await readyz.text()).toContain(broken);
  const doc = await status();
  expect(doc.ready).toBe(false);
  expect(doc.resources.find((r) => r.file === broken)).toMatchObject({
    name: 'b',
    dest: null,
    lastOutcome: 'invalid',
    error: expect.stringContaining(broken),
  });
  expect(listener.output()).not.toContain('READY=1');
  expect(existsSync(marker)).toBe(false);

  // Fixed and reloaded: b renders, the daemon is ready, systemd hears READY=1 and the child starts.
  await writeFile(broken, good);
  watch.child.kill('SIGHUP');
  await waitFor(() => listener.output().includes('READY=1'), 'READY=1 after the fix', 10_000, 20);
  await waitFor(() => existsSync(marker), 'the exec child', 10_000, 20);
  expect(await readFile(join(dir, 'b.out'), 'utf8')).toBe('x=1\n');
  expect((await fetch(`http://${address}/readyz`)).status).toBe(200);
  await watch.stop('SIGTERM');
}, 40_000);

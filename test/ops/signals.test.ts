// SIGHUP, SIGUSR1, SIGTERM and --pid-file on the built CLI against a real etcd.
import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { DaemonProcess, isRender, useEtcdWithDaemons } from './daemon-process.js';

const tempDir = useTempDirs('confetti-sig-');
const ops = useEtcdWithDaemons();
const { daemons } = ops;

const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  );

interface Setup {
  dir: string;
  conf: string;
  dest(name: string): string;
  template(name: string, text: string): Promise<void>;
  resource(name: string, prefix: string, extra?: string): Promise<void>;
}

async function setup(): Promise<Setup> {
  const dir = await tempDir();
  const conf = join(dir, 'etc');
  await mkdir(join(conf, 'conf.d'), { recursive: true });
  await mkdir(join(conf, 'templates'), { recursive: true });
  return {
    dir,
    conf,
    dest: (name) => join(dir, `${name}.conf`),
    template: (name, text) => writeFile(join(conf, 'templates', `${name}.hbs`), text),
    resource: (name, prefix, extra = '') =>
      writeFile(
        join(conf, 'conf.d', `${name}.yaml`),
        `src: ${name}.hbs\ndest: ${join(dir, `${name}.conf`)}\nkeys: ["${prefix}"]\n${extra}`,
      ),
  };
}

function start(s: Setup, extra: string[] = []): DaemonProcess {
  const d = new DaemonProcess(['--confdir', s.conf, '--endpoints', ops.etcd.endpoints.join(','), '--no-watch-config', ...extra]);
  daemons.push(d);
  return d;
}

describe('signals', () => {
  it("SIGHUP with a changed template rewrites only that template's files", async () => {
    const s = await setup();
    await ops.etcd.put('/h1/a/x', '1');
    await ops.etcd.put('/h1/b/x', '2');
    await s.template('a', 'a={{getv "/h1/a/x"}}\n');
    await s.template('b', 'b={{getv "/h1/b/x"}}\n');
    await s.resource('a', '/h1/a');
    await s.resource('b', '/h1/b');
    const d = start(s);
    await d.log(isRender('a', 'written'), 'a rendered');
    await d.log(isRender('b', 'written'), 'b rendered');
    const bBefore = await stat(s.dest('b'), { bigint: true });

    await s.template('a', 'A is {{getv "/h1/a/x"}}\n');
    const from = d.records.length;
    d.kill('SIGHUP');
    const reloaded = await d.log((r) => r.msg === 'configuration reloaded', 'reload record', { from });
    expect(reloaded).toMatchObject({ reason: 'SIGHUP', changed: ['a'], removed: [] });
    await d.log(isRender('a', 'written'), 'a re-rendered', { from });
    expect(await readFile(s.dest('a'), 'utf8')).toBe('A is 1\n');
    const bAfter = await stat(s.dest('b'), { bigint: true });
    expect([bAfter.ino, bAfter.mtimeNs]).toEqual([bBefore.ino, bBefore.mtimeNs]);
    expect(d.find((r) => r.msg === 'render' && r.resource === 'b', from)).toEqual([]);
  });

  it('SIGHUP with a broken template keeps serving the old one', async () => {
    const s = await setup();
    await ops.etcd.put('/h2/x', 'one');
    await s.template('app', 'x={{getv "/h2/x"}}\n');
    await s.resource('app', '/h2');
    const d = start(s);
    await d.log(isRender('app', 'written'), 'first render');

    await s.template('app', 'x={{#if}}broken\n');
    const from = d.records.length;
    d.kill('SIGHUP');
    const bad = await d.log((r) => r.msg === 'template invalid; the running version stays', 'broken template reported', { from });
    expect(String(bad.file)).toContain('app.hbs');
    await ops.etcd.put('/h2/x', 'two');
    await d.log(isRender('app', 'written'), 'render with the old template', { from });
    expect(await readFile(s.dest('app'), 'utf8')).toBe('x=two\n');

    // fixed: the next SIGHUP takes it
    await s.template('app', 'fixed x={{getv "/h2/x"}}\n');
    const again = d.records.length;
    d.kill('SIGHUP');
    await d.log(isRender('app', 'written'), 'render with the fixed template', { from: again });
    expect(await readFile(s.dest('app'), 'utf8')).toBe('fixed x=two\n');
  });

  it('SIGUSR1 re-renders everything now', async () => {
    const s = await setup();
    await ops.etcd.put('/u1/x', 'v');
    await s.template('app', 'x={{getv "/u1/x"}}\n');
    await s.resource('app', '/u1');
    const d = start(s);
    await d.log(isRender('app', 'written'), 'first render');
    await writeFile(s.dest('app'), 'edited by hand\n');
    const from = d.records.length;
    d.kill('SIGUSR1');
    await d.log(isRender('app', 'written'), 're-render', { from });
    expect(await readFile(s.dest('app'), 'utf8')).toBe('x=v\n');
  });

  it('SIGTERM during a slow reload command waits for it and exits 0; the pid file is removed', async () => {
    const s = await setup();
    await ops.etcd.put('/t1/x', '1');
    await s.template('app', 'x={{getv "/t1/x"}}\n');
    const started = join(s.dir, 'started');
    const finished = join(s.dir, 'finished');
    await s.resource('app', '/t1', `reload_cmd: "touch ${started} && sleep 1 && touch ${finished}"\n`);
    const pidFile = join(s.dir, 'confetti.pid');
    const d = start(s, ['--pid-file', pidFile]);
    await waitFor(() => exists(started), 'reload command started');
    expect((await readFile(pidFile, 'utf8')).trim()).toBe(String(d.child.pid));
    d.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    expect(await exists(finished)).toBe(true);
    expect(d.find((r) => r.msg === 'command ran' && r.kind === 'reload')).toHaveLength(1);
    expect(await exists(pidFile)).toBe(false);
  });

  it('a second SIGTERM forces: the slow reload command is killed', async () => {
    const s = await setup();
    await ops.etcd.put('/t2/x', '1');
    await s.template('app', 'x={{getv "/t2/x"}}\n');
    const started = join(s.dir, 'started');
    const finished = join(s.dir, 'finished');
    await s.resource('app', '/t2', `reload_cmd: "touch ${started} && sleep 5 && touch ${finished}"\n`);
    const d = start(s);
    await waitFor(() => exists(started), 'reload command started');
    d.kill('SIGTERM');
    await d.log((r) => r.msg === 'stopping: finishing the cycle in flight', 'stopping record');
    const t0 = Date.now();
    d.kill('SIGTERM');
    const code = await d.exited;
    expect(Date.now() - t0).toBeLessThan(4_000);
    expect(await exists(finished)).toBe(false);
    // the last word says which signal cancelled what, not the runtime's "This operation was aborted"
    expect(code).toBe(1);
    expect(d.stderr).toMatch(/confetti: second SIGTERM: the cycle in flight was cancelled, its commands killed.*\[FORCED_STOP\]/);
    expect(d.stderr).not.toContain('This operation was aborted');
  });
});

// Live reload (--watch-config, the default): chokidar add/change/unlink of resource files and template edits.
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { DaemonProcess, get, isRender, useEtcdWithDaemons } from './daemon-process.js';

const tempDir = useTempDirs('confetti-live-');
const ops = useEtcdWithDaemons();
const { daemons } = ops;

const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  );

async function setup(prefix: string) {
  const dir = await tempDir();
  const conf = join(dir, 'etc');
  await mkdir(join(conf, 'conf.d'), { recursive: true });
  await mkdir(join(conf, 'templates'), { recursive: true });
  const resourceFile = (name: string): string => join(conf, 'conf.d', `${name}.yaml`);
  const s = {
    dir,
    conf,
    dest: (name: string) => join(dir, `${name}.conf`),
    resourceFile,
    template: (name: string, text: string) => writeFile(join(conf, 'templates', `${name}.hbs`), text),
    resource: (name: string, keys: string, src = `${name}.hbs`) =>
      writeFile(resourceFile(name), `src: ${src}\ndest: ${join(dir, `${name}.conf`)}\nkeys: ["${prefix}${keys}"]\n`),
  };
  return s;
}

async function start(conf: string, extra: string[] = []): Promise<DaemonProcess> {
  const d = new DaemonProcess(['--confdir', conf, '--endpoints', ops.etcd.endpoints.join(','), ...extra]);
  daemons.push(d);
  await d.log((r) => r.msg === 'watching configuration for changes', 'config watcher ready');
  return d;
}

describe('live reload', () => {
  it('serves a new resource file, re-renders on a resource file change, stops serving a deleted one', async () => {
    const s = await setup('/l1');
    await ops.etcd.put('/l1/a/x', '1');
    await ops.etcd.put('/l1/b/x', '2');
    await s.template('a', 'a={{getv "/l1/a/x"}}\n');
    await s.template('b', 'b={{getv "/l1/b/x"}}\n');
    await s.resource('a', '/a');
    const d = await start(s.conf);
    await d.log(isRender('a', 'written'), 'a rendered');

    // add
    let from = d.records.length;
    await s.resource('b', '/b');
    await d.log(isRender('b', 'written'), 'new resource rendered', { from });
    expect(await readFile(s.dest('b'), 'utf8')).toBe('b=2\n');
    // its keys are watched: a change re-renders it
    await ops.etcd.put('/l1/b/x', '3');
    await waitFor(async () => (await readFile(s.dest('b'), 'utf8')) === 'b=3\n', 'b follows its key');

    // change: same resource, other template
    await s.template('a2', 'a2 says {{getv "/l1/a/x"}}\n');
    from = d.records.length;
    await s.resource('a', '/a', 'a2.hbs');
    await d.log(isRender('a', 'written'), 'a re-rendered from the new resource definition', { from });
    expect(await readFile(s.dest('a'), 'utf8')).toBe('a2 says 1\n');

    // unlink: dest stays, no more renders
    from = d.records.length;
    await rm(s.resourceFile('b'));
    await d.log((r) => r.msg === 'resource removed; its file is left in place' && r.resource === 'b', 'b removed', { from });
    const before = await stat(s.dest('b'), { bigint: true });
    await ops.etcd.put('/l1/b/x', '4');
    await ops.etcd.put('/l1/a/x', '5');
    await waitFor(async () => (await readFile(s.dest('a'), 'utf8')) === 'a2 says 5\n', 'a still follows its key');
    // a cycle that also rendered b would finish before the daemon exits
    expect(await d.stop()).toBe(0);
    expect(await readFile(s.dest('b'), 'utf8')).toBe('b=3\n');
    expect((await stat(s.dest('b'), { bigint: true })).mtimeNs).toBe(before.mtimeNs);
    expect(d.find((r) => r.msg === 'render' && r.resource === 'b', from)).toEqual([]);
  });

  it('re-renders the resources of an edited template only', async () => {
    const s = await setup('/l2');
    await ops.etcd.put('/l2/x', '1');
    await s.template('shared', 'shared {{getv "/l2/x"}}\n');
    await s.template('own', 'own {{getv "/l2/x"}}\n');
    await s.resource('one', '', 'shared.hbs');
    await s.resource('two', '', 'shared.hbs');
    await s.resource('three', '', 'own.hbs');
    const d = await start(s.conf);
    await d.log((r) => r.msg === 'every resource rendered', 'all rendered');
    const from = d.records.length;
    await s.template('shared', 'SHARED {{getv "/l2/x"}}\n');
    const reload = await d.log((r) => r.msg === 'configuration reloaded', 'reload', { from });
    expect(reload.changed).toEqual(['one', 'two']);
    await d.log(isRender('two', 'written'), 'two re-rendered', { from });
    expect(await readFile(s.dest('one'), 'utf8')).toBe('SHARED 1\n');
    expect(d.find((r) => r.msg === 'render' && r.resource === 'three', from)).toEqual([]);
  });

  it('logs an invalid resource file edit and keeps the running version until it is fixed', async () => {
    const s = await setup('/l3');
    await ops.etcd.put('/l3/x', '1');
    await s.template('app', 'x={{getv "/l3/x"}}\n');
    await s.resource('app', '');
    const d = await start(s.conf);
    await d.log(isRender('app', 'written'), 'first render');

    let from = d.records.length;
    await writeFile(s.resourceFile('app'), 'src: app.hbs\ndest: [not, a, path\n');
    const bad = await d.log((r) => r.msg === 'resource file invalid; the running version stays', 'invalid edit reported', { from });
    expect(bad.file).toBe(s.resourceFile('app'));
    from = d.records.length;
    await ops.etcd.put('/l3/x', '2');
    // The render's record, not just the file: a record still in the pipe would be taken for the next render's.
    await d.log(isRender('app', 'written'), 'still serving', { from });
    expect(await readFile(s.dest('app'), 'utf8')).toBe('x=2\n');

    from = d.records.length;
    await writeFile(join(s.conf, 'templates', 'app2.hbs'), 'fixed x={{getv "/l3/x"}}\n');
    await s.resource('app', '', 'app2.hbs');
    await d.log(isRender('app', 'written'), 'fixed file served', { from });
    expect(await readFile(s.dest('app'), 'utf8')).toBe('fixed x=2\n');
    expect(await exists(s.dest('app'))).toBe(true);
  });

  it('a broken template edit is listed as rejected and shown in /status until it is fixed', async () => {
    const s = await setup('/l4');
    await ops.etcd.put('/l4/x', '1');
    await s.template('app', 'x={{getv "/l4/x"}}\n');
    await s.resource('app', '');
    const d = await start(s.conf, ['--listen', '127.0.0.1:0']);
    await d.log(isRender('app', 'written'), 'first render');
    const url = await d.baseUrl();
    const statusOf = async () =>
      (JSON.parse((await get(`${url}/status`)).body) as { resources: Array<{ name: string; error: string | null }> }).resources.find(
        (r) => r.name === 'app',
      );
    expect((await statusOf())?.error).toBeNull();

    let from = d.records.length;
    await s.template('app', 'x={{#each}}\n');
    const reload = await d.log((r) => r.msg === 'configuration reloaded', 'reload after the broken edit', { from });
    const template = join(s.conf, 'templates', 'app.hbs');
    expect(reload.rejected).toEqual([template]);
    expect((await statusOf())?.error).toMatch(/^template invalid; the running version stays: .*app\.hbs/);

    from = d.records.length;
    await s.template('app', 'fixed x={{getv "/l4/x"}}\n');
    const fixed = await d.log((r) => r.msg === 'configuration reloaded', 'reload after the fix', { from });
    expect(fixed.rejected).toEqual([]);
    await d.log(isRender('app', 'written'), 'fixed template served', { from });
    expect((await statusOf())?.error).toBeNull();
  });
});

// Live reload of partials (file backend): editing, adding or removing a partial file re-renders the resources whose
// templates use it, directly or through another partial; a broken partial keeps the last good output.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { DaemonProcess, isRender } from './daemon-process.js';

const tempDir = useTempDirs('confetti-partials-');
const daemons: DaemonProcess[] = [];
afterEach(async () => {
  for (const d of daemons.splice(0)) await d.stop();
});

describe('live reload of partials', () => {
  it('re-renders only the dependent resources when a partial changes, keeps the last good output when it breaks', async () => {
    const dir = await tempDir();
    const conf = join(dir, 'etc');
    const partials = join(conf, 'templates', 'partials');
    await mkdir(join(conf, 'conf.d'), { recursive: true });
    await mkdir(join(partials, 'lb'), { recursive: true });
    const data = join(dir, 'data.json');
    await writeFile(data, JSON.stringify({ svc: { web: '1' } }));
    const dest = (name: string): string => join(dir, `${name}.conf`);
    for (const name of ['app', 'other'])
      await writeFile(join(conf, 'conf.d', `${name}.yaml`), `src: ${name}.hbs\ndest: ${dest(name)}\nkeys: [/svc]\n`);
    await writeFile(join(conf, 'templates', 'app.hbs'), '{{> lb/outer}}|{{#> extra}}no extra{{/extra}}\n');
    await writeFile(join(conf, 'templates', 'other.hbs'), 'other {{getv "/svc/web"}}\n');
    await writeFile(join(partials, 'lb', 'outer.hbs'), 'outer[{{> lb/inner}}]');
    await writeFile(join(partials, 'lb', 'inner.hbs'), 'web={{getv "/svc/web"}}');

    const d = new DaemonProcess(['--confdir', conf, '--backend', 'file', '--file', data]);
    daemons.push(d);
    await d.log((r) => r.msg === 'watching configuration for changes', 'config watcher ready');
    await d.log((r) => r.msg === 'every resource rendered', 'first render');
    expect(await readFile(dest('app'), 'utf8')).toBe('outer[web=1]|no extra\n');

    // an edit of a partial used through another partial
    let from = d.records.length;
    await writeFile(join(partials, 'lb', 'inner.hbs'), 'WEB={{getv "/svc/web"}}');
    const reload = await d.log((r) => r.msg === 'configuration reloaded', 'reload after the edit', { from });
    expect(reload.changed).toEqual(['app']);
    await d.log(isRender('app', 'written'), 'app re-rendered', { from });
    expect(await readFile(dest('app'), 'utf8')).toBe('outer[WEB=1]|no extra\n');
    expect(d.find(isRender('other'), from)).toEqual([]);

    // a broken partial is reported; the resource keeps its last good output and template
    from = d.records.length;
    await writeFile(join(partials, 'lb', 'inner.hbs'), 'WEB={{getv "/svc/web" 1 2}}');
    const bad = await d.log((r) => r.msg === 'template invalid; the running version stays', 'broken partial reported', { from });
    expect(bad.file).toBe(join(conf, 'templates', 'app.hbs'));
    expect(String(bad.error)).toContain(`${join(partials, 'lb', 'inner.hbs')}:1:5: getv expects 1 to 2 arguments, got 3`);
    await d.log((r) => r.msg === 'configuration reloaded', 'reload after the broken edit', { from });
    await writeFile(data, JSON.stringify({ svc: { web: '2' } }));
    await waitFor(async () => (await readFile(dest('other'), 'utf8')) === 'other 2\n', 'other follows the data');
    await waitFor(
      async () => (await readFile(dest('app'), 'utf8')) === 'outer[WEB=2]|no extra\n',
      'app renders with the last good partial',
    );

    // the fix is taken
    await writeFile(join(partials, 'lb', 'inner.hbs'), 'fixed={{getv "/svc/web"}}');
    await waitFor(async () => (await readFile(dest('app'), 'utf8')) === 'outer[fixed=2]|no extra\n', 'fixed partial rendered');

    // adding and removing a partial a partial block falls back from
    await writeFile(join(partials, 'extra.hbs'), 'extra!');
    await waitFor(async () => (await readFile(dest('app'), 'utf8')) === 'outer[fixed=2]|extra!\n', 'added partial rendered');
    from = d.records.length;
    await rm(join(partials, 'extra.hbs'));
    await waitFor(async () => (await readFile(dest('app'), 'utf8')) === 'outer[fixed=2]|no extra\n', 'removed partial no longer rendered');
    expect(d.find(isRender('other', 'written'), from)).toEqual([]);
    expect(await d.stop()).toBe(0);
  });
});

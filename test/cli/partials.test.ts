// Partials through the built CLI: render, and `check` reporting what the first render would refuse.
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { writeConfdir } from './confdir.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();

const resource = (name: string, src = `${name}.hbs`): Record<string, string> => ({
  [`${name}.yaml`]: `src: ${src}\ndest: ../out/${name}.cfg\ncreate_dirs: true\nkeys: [/svc]\n`,
});
const DATA = { svc: { web: '10.0.0.1:80', api: '10.0.0.2:81' } };

describe('partials in confetti render', () => {
  it('renders a template calling a partial in a subfolder', async () => {
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: resource('lb'),
      templates: {
        'lb.hbs': 'frontend main\n{{#each (gets "/svc/*")}}\n{{> haproxy/backend name=(base key)}}\n{{/each}}',
        'partials/haproxy/backend.hbs': 'backend {{name}}\n  server s1 {{value}}\n',
      },
      data: DATA,
    });
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.code).toBe(0);
    expect(await readFile(join(dir, 'out', 'lb.cfg'), 'utf8')).toBe(
      'frontend main\nbackend api\n  server s1 10.0.0.2:81\nbackend web\n  server s1 10.0.0.1:80\n',
    );
  });

  it('fails a template calling an unknown partial with file:line:col and the name, writing nothing for it', async () => {
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: { ...resource('lb'), ...resource('ok') },
      templates: { 'lb.hbs': 'global\n  {{> haproxy/missing}}\n', 'ok.hbs': 'fine\n' },
      data: DATA,
    });
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.code).toBe(5);
    expect(r.stdout).toContain(`${join(confdir, 'templates', 'lb.hbs')}:2:3: unknown partial "haproxy/missing"`);
    expect(r.stdout).toMatch(/^written +ok /m);
    await expect(access(join(dir, 'out', 'lb.cfg'))).rejects.toThrow();
  });

  it('fails a template whose partial is broken, naming the partial file:line:col and the call', async () => {
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: resource('lb'),
      templates: { 'lb.hbs': 'a\n{{> row}}\n', 'partials/row.hbs': 'ok\nok {{nohelper 1}}\n' },
      data: DATA,
    });
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.code).toBe(5);
    const partial = join(confdir, 'templates', 'partials', 'row.hbs');
    expect(r.stdout).toMatch(
      new RegExp(
        `^failed +lb .*${partial}:2:4: unknown helper "nohelper" \\(partial called from ${join(confdir, 'templates', 'lb.hbs')}:2:1\\)`,
        'm',
      ),
    );
    await expect(access(join(dir, 'out', 'lb.cfg'))).rejects.toThrow();
  });
});

describe('confetti check and template static checks', () => {
  it('reports wrong helper argument counts and unknown partials, with file:line:col', async () => {
    const dir = await tempDir();
    const { confdir } = await writeConfdir(dir, {
      resources: { ...resource('getv'), ...resource('add'), ...resource('part'), ...resource('ok') },
      templates: {
        'getv.hbs': '{{getv "/x" 1 2 3}}\n',
        'add.hbs': 'x\n{{#if true}}{{add 1}}{{/if}}\n',
        'part.hbs': '{{> nope}}\n',
        'ok.hbs': '{{> fine}} {{add 1 2}}\n',
        'partials/fine.hbs': 'fine',
      },
    });
    const r = await runCli(['check', '--confdir', confdir, '--backend', 'etcd']);
    const t = (name: string) => join(confdir, 'templates', name);
    expect(r.stderr).toContain(`${t('getv.hbs')}:1:1: getv expects 1 to 2 arguments, got 4`);
    expect(r.stderr).toContain(`${t('add.hbs')}:2:13: add expects 2 arguments, got 1`);
    expect(r.stderr).toContain(`${t('part.hbs')}:1:1: unknown partial "nope"`);
    expect(r.stderr).not.toContain('ok.hbs');
    expect(r.stdout).toContain('3 problem(s)');
    expect(r.code).toBe(5);
  });
});

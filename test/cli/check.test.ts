import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { writeConfdir } from './confdir.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();

describe('confetti check', () => {
  it('lists every problem with its location and exits non-zero, touching no backend', async () => {
    const dir = await tempDir();
    const { confdir } = await writeConfdir(dir, {
      resources: {
        'ok.yaml': 'src: ok.hbs\ndest: /tmp/never-written\nkeys: [/a]\n',
        'syntax.yaml': 'src: broken.hbs\ndest: /tmp/never-written-2\nkeys: [/a]\n',
        'mode.yaml': 'src: ok.hbs\ndest: /tmp/never-written-3\nkeys: [/a]\nmode: "0999"\n',
        'yaml.yaml': 'src: ok.hbs\ndest: [unclosed\n',
        'missing.yaml': 'src: nope.hbs\ndest: /tmp/never-written-4\nkeys: [/a]\n',
      },
      templates: { 'ok.hbs': '{{getv "/a"}}\n', 'broken.hbs': 'line one\n{{#each (gets "/a/*")}}\n{{/if}}\n' },
    });
    // an etcd backend that does not exist: check must not try to reach it
    const r = await runCli(['check', '--confdir', confdir, '--backend', 'etcd']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/broken\.hbs:2:\d+: syntax error/);
    expect(r.stderr).toMatch(/mode\.yaml.*mode/);
    expect(r.stderr).toMatch(/yaml\.yaml:\d+/);
    expect(r.stderr).toMatch(/missing\.yaml.*nope\.hbs/);
    expect(r.stderr).not.toMatch(/ok\.yaml/);
  });

  it('passes a clean confdir', async () => {
    const dir = await tempDir();
    const { confdir } = await writeConfdir(dir, { resources: { 'ok.yaml': 'src: ok.hbs\ndest: out\nkeys: [/a]\n' }, templates: { 'ok.hbs': 'x\n' } });
    const r = await runCli(['check', '--confdir', confdir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('settings precedence through the CLI', () => {
  it('flags beat CONFETTI_* env, which beats the config file', async () => {
    const dir = await tempDir();
    const make = async (name: string, value: string) =>
      (await writeConfdir(join(dir, name), { resources: { 'app.yaml': 'src: app.hbs\ndest: out.txt\nkeys: [/a]\n' }, templates: { 'app.hbs': `${value}\n` }, data: { a: '1' } })).confdir;
    const fromFile = await make('file', 'from-file');
    const fromEnv = await make('env', 'from-env');
    const fromFlag = await make('flag', 'from-flag');
    const config = join(dir, 'confetti.yaml');
    const data = join(dir, 'data.json');
    await writeFile(data, '{"a": "1"}');
    await writeFile(config, `confdir: ${fromFile}\nbackend: file\nfile: [${data}]\n`);
    const render = (args: string[], env: Record<string, string> = {}) => runCli(['render', '--config', config, ...args], { env });

    expect((await render([])).stdout).toContain(join(fromFile, 'out.txt'));
    expect((await render([], { CONFETTI_CONFDIR: fromEnv })).stdout).toContain(join(fromEnv, 'out.txt'));
    expect((await render(['--confdir', fromFlag], { CONFETTI_CONFDIR: fromEnv })).stdout).toContain(join(fromFlag, 'out.txt'));
  });
});

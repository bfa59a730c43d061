import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
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
    // an etcd endpoint that counts connections: check must open none
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const r = await runCli(['check', '--confdir', confdir, '--backend', 'etcd'], { env: { CONFETTI_ENDPOINTS: endpoint } }).finally(() =>
      server.close(),
    );
    expect(connections).toBe(0);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/broken\.hbs:2:\d+: syntax error/);
    expect(r.stderr).toMatch(/mode\.yaml.*mode/);
    expect(r.stderr).toMatch(/yaml\.yaml:\d+/);
    expect(r.stderr).toMatch(/missing\.yaml.*nope\.hbs/);
    expect(r.stderr).not.toMatch(/ok\.yaml/);
  });

  it('reports placeholders in check_cmd/reload_cmd that would be left as written', async () => {
    const dir = await tempDir();
    const { confdir } = await writeConfdir(dir, {
      resources: {
        'ok.yaml': 'src: ok.hbs\ndest: out\nkeys: [/a]\ncheck_cmd: "true {{ src }} {{.dest}}"\nreload_cmd: "true {{dest}}"\n',
        'bad.yaml': 'src: ok.hbs\ndest: out2\nkeys: [/a]\ncheck_cmd: "haproxy -c -f {{source}}"\nreload_cmd: "cp {{ src }} /x"\n',
      },
      templates: { 'ok.hbs': 'x\n' },
    });
    const r = await runCli(['check', '--confdir', confdir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bad\.yaml: check_cmd: \{\{source\}\} is not replaced/);
    expect(r.stderr).toMatch(/bad\.yaml: reload_cmd: \{\{ src \}\} is not replaced \(reload_cmd knows \{\{dest\}\}\)/);
    expect(r.stderr).not.toMatch(/ok\.yaml/);
    expect(r.stdout).toContain('2 problem(s)');
  });

  it('passes a clean confdir', async () => {
    const dir = await tempDir();
    const { confdir } = await writeConfdir(dir, {
      resources: { 'ok.yaml': 'src: ok.hbs\ndest: out\nkeys: [/a]\n' },
      templates: { 'ok.hbs': 'x\n' },
    });
    const r = await runCli(['check', '--confdir', confdir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('settings precedence through the CLI', () => {
  it('flags beat CONFETTI_* env, which beats the config file', async () => {
    const dir = await tempDir();
    const make = async (name: string, value: string) =>
      (
        await writeConfdir(join(dir, name), {
          resources: { 'app.yaml': 'src: app.hbs\ndest: out.txt\nkeys: [/a]\n' },
          templates: { 'app.hbs': `${value}\n` },
          data: { a: '1' },
        })
      ).confdir;
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

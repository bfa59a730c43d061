import { access, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { writeConfdir } from './confdir.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();

const APP = {
  'app.yaml': 'src: app.hbs\ndest: ../out/app.conf\ncreate_dirs: true\nkeys: [/app]\n',
};
const APP_TEMPLATE = { 'app.hbs': '{{#each (gets "/app/*")}}{{base key}}={{value}}\n{{/each}}' };

describe('confetti render', () => {
  it('renders every resource, prints one line each, and is unchanged the second time', async () => {
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, { resources: APP, templates: APP_TEMPLATE, data: { app: { a: '1', b: '2' } } });
    const args = ['render', '--confdir', confdir, '--backend', 'file', '--file', data];
    const first = await runCli(args);
    expect(first.stderr).not.toMatch(/ERROR/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^written +app .*out\/app\.conf$/m);
    expect(await readFile(join(dir, 'out', 'app.conf'), 'utf8')).toBe('a=1\nb=2\n');
    const second = await runCli(args);
    expect(second.stdout).toMatch(/^unchanged +app /m);
  });

  it('reports a bad resource file, still renders the others, and exits non-zero', async () => {
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: { ...APP, 'bad.yaml': 'src: app.hbs\ndest: ../out/bad.conf\nkeys: [/app]\nreload_command: x\n' },
      templates: APP_TEMPLATE,
      data: { app: { a: '1' } },
    });
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('bad.yaml');
    expect(r.stderr).toContain('reload_command');
    expect(await readFile(join(dir, 'out', 'app.conf'), 'utf8')).toBe('a=1\n');
  });

  it('names the key and template line when a key is missing, and writes nothing for it', async () => {
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: { ...APP, 'db.yaml': 'src: db.hbs\ndest: ../out/db.conf\ncreate_dirs: true\nkeys: [/db]\n' },
      templates: { ...APP_TEMPLATE, 'db.hbs': 'host={{getv "/db/host"}}\nport={{getv "/db/port"}}\n' },
      data: { app: { a: '1' }, db: { host: 'h' } },
    });
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.code).toBe(5);
    expect(r.stdout).toMatch(/^failed +db .*\/db\/port/m);
    expect(r.stdout).toMatch(/db\.hbs:2/);
    expect(r.stdout).toMatch(/^written +app /m);
    await expect(access(join(dir, 'out', 'db.conf'))).rejects.toThrow();
  });

  it('says a key is outside the resource\'s keys rather than "not found" when the store has it', async () => {
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: {
        'a.yaml': 'src: a.hbs\ndest: ../out/a.conf\ncreate_dirs: true\nkeys: [/a]\n',
        'b.yaml': 'src: b.hbs\ndest: ../out/b.conf\ncreate_dirs: true\nkeys: [/b]\n',
      },
      templates: { 'a.hbs': 'x={{getv "/a/x"}}\ny={{getv "/b/y"}}\n', 'b.hbs': 'y={{getv "/b/y"}}\n' },
      data: { a: { x: '1' }, b: { y: '2' } },
    });
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.code).toBe(5);
    expect(r.stdout).toMatch(
      /^failed +a .*key "\/b\/y" not found: it exists in the store, but it is outside this resource's keys \(\/a\)/m,
    );
    expect(r.stdout).toMatch(/a\.hbs:2/);
    expect(r.stdout).toMatch(/^written +b /m);
  });

  it('--dry-run prints a unified diff and writes nothing', async () => {
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, { resources: APP, templates: APP_TEMPLATE, data: { app: { a: '1' } } });
    await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    await writeFile(data, JSON.stringify({ app: { a: '2' } }));
    const r = await runCli(['render', '--dry-run', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^would-write +app /m);
    expect(r.stdout).toContain('-a=1');
    expect(r.stdout).toContain('+a=2');
    expect(await readFile(join(dir, 'out', 'app.conf'), 'utf8')).toBe('a=1\n');
  });

  it('never lets a key value reach a shell', async () => {
    const dir = await tempDir();
    const marker = join(dir, 'pwned');
    const value = `$(touch ${marker}); \`touch ${marker}\` | touch ${marker} '"`;
    const { confdir, data } = await writeConfdir(dir, {
      resources: {
        'app.yaml': `src: app.hbs\ndest: ../out/app.conf\ncreate_dirs: true\nkeys: [/app]\ncheck_cmd: cat {{src}} > /dev/null\nreload_cmd: cat {{dest}} > /dev/null\n`,
      },
      templates: APP_TEMPLATE,
      data: { app: { evil: value } },
    });
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.code).toBe(0);
    expect(await readFile(join(dir, 'out', 'app.conf'), 'utf8')).toBe(`evil=${value}\n`);
    await expect(access(marker)).rejects.toThrow();
  });

  it('keeps the old file and shows the check output when check_cmd fails', async () => {
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: {
        'app.yaml':
          'src: app.hbs\ndest: ../out/app.conf\ncreate_dirs: true\nkeys: [/app]\ncheck_cmd: "grep -q good {{src}} || { echo rejected by check >&2; exit 4; }"\n',
      },
      templates: APP_TEMPLATE,
      data: { app: { a: 'good' } },
    });
    expect((await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data])).code).toBe(0);
    await writeFile(data, JSON.stringify({ app: { a: 'bad' } }));
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.code).toBe(7);
    expect(r.stdout).toContain('rejected by check');
    expect(await readFile(join(dir, 'out', 'app.conf'), 'utf8')).toBe('a=good\n');
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['app.conf']);
  });

  it('--sync-only writes files but runs no command', async () => {
    const dir = await tempDir();
    const marker = join(dir, 'ran');
    const { confdir, data } = await writeConfdir(dir, {
      resources: {
        'app.yaml': `src: app.hbs\ndest: ../out/app.conf\ncreate_dirs: true\nkeys: [/app]\ncheck_cmd: touch ${marker}\nreload_cmd: touch ${marker}\n`,
      },
      templates: APP_TEMPLATE,
      data: { app: { a: '1' } },
    });
    const r = await runCli(['render', '--sync-only', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.code).toBe(0);
    expect(await readFile(join(dir, 'out', 'app.conf'), 'utf8')).toBe('a=1\n');
    await expect(access(marker)).rejects.toThrow();
  });

  it('runs a reload command shared by two resources once, after both writes', async () => {
    const dir = await tempDir();
    const log = join(dir, 'reloads');
    const reload = `reload_cmd: "ls ../out >> ${log}"\n`;
    const { confdir, data } = await writeConfdir(dir, {
      resources: {
        'a.yaml': `src: app.hbs\ndest: ../out/a.conf\ncreate_dirs: true\nkeys: [/app]\n${reload}`,
        'b.yaml': `src: app.hbs\ndest: ../out/b.conf\ncreate_dirs: true\nkeys: [/app]\n${reload}`,
      },
      templates: APP_TEMPLATE,
      data: { app: { a: '1' } },
    });
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data], { cwd: confdir });
    expect(r.code).toBe(0);
    // one run, and it saw both files
    expect(await readFile(log, 'utf8')).toBe('a.conf\nb.conf\n');
  });

  it('fails fast and writes nothing when etcd is unreachable', async () => {
    const dir = await tempDir();
    const { confdir } = await writeConfdir(dir, { resources: APP, templates: APP_TEMPLATE });
    const started = Date.now();
    const r = await runCli([
      'render',
      '--confdir',
      confdir,
      '--backend',
      'etcd',
      '--endpoints',
      'http://127.0.0.1:1',
      '--dial-timeout',
      '500ms',
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('127.0.0.1:1');
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(access(join(dir, 'out'))).rejects.toThrow();
  });
});

describe('confetti (program)', () => {
  it('prints help with no command and the version with --version', async () => {
    const help = await runCli([]);
    expect(help.stdout + help.stderr).toContain('Usage: confetti');
    expect(help.stdout + help.stderr).toContain('render');
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+ \(node v\d+\.\d+\.\d+\)$/);
  });

  it('exits 2 on a usage error, naming the bad flag', async () => {
    const r = await runCli(['render', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--bogus');
  });

  it('names an unknown command and suggests the closest one', async () => {
    const r = await runCli(['rendr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'rendr'");
    expect(r.stderr).toMatch(/did you mean render\?/i);
    expect(r.stderr).not.toContain('too many arguments');
  });

  it("`help render` prints the render command's help", async () => {
    const r = await runCli(['help', 'render']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: confetti render');
    expect(r.stdout).toContain('--confdir');
  });

  it('shows flags with their defaults in --help', async () => {
    const r = await runCli(['render', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--confdir <dir>[^-]*default: \/etc\/confetti/);
    expect(r.stdout).toMatch(/--backend <name>[^-]*default: etcd/);
  });
});

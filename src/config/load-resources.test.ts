import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { yamlAliasBomb } from '../../test/support/yaml-alias-bomb.js';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { ConfigError } from '../errors.js';
import { loadResourceFile, loadResources } from './load-resources.js';
import { ConfigProblemsError, describeProblem } from './problems.js';

const tempDir = useTempDirs('confetti-resources-');
const SUITE = resolve(import.meta.dirname, '../../test/fixtures/confd-suite');

/** A confdir with conf.d/ and templates/ (holding app.tmpl), plus the given resource files. */
async function confdirWith(files: Record<string, string>): Promise<string> {
  const confdir = await tempDir();
  await mkdir(join(confdir, 'conf.d'));
  await mkdir(join(confdir, 'templates'));
  await writeFile(join(confdir, 'templates', 'app.tmpl'), '{{getv "/app/x"}}\n');
  for (const [name, text] of Object.entries(files)) await writeFile(join(confdir, 'conf.d', name), text);
  return confdir;
}

const MINIMAL = 'src: app.tmpl\ndest: /tmp/out/app.conf\nkeys: [/app]\n';

/** Loads conf.d/<name> and returns the ConfigProblemsError it throws. */
async function problemsOf(confdir: string, name: string, prefix = '/'): Promise<ConfigProblemsError> {
  const error = await loadResourceFile(join(confdir, 'conf.d', name), { confdir, prefix }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigProblemsError;
}

describe('loadResourceFile', () => {
  it('normalises every field of a YAML resource', async () => {
    const confdir = await confdirWith({
      'haproxy.yaml': [
        'src: app.tmpl',
        'dest: out/haproxy.cfg',
        'keys: [/upstream, /upstream/web, "services/"]',
        'prefix: /prod',
        'mode: "0640"',
        'owner: root',
        'group: "0"',
        'check_cmd: haproxy -c -f {{src}}',
        'reload_cmd: systemctl reload haproxy',
        'wait: { min: 2s, max: 10s }',
        'backup: true',
        'create_dirs: true',
        'command_timeout: 1m30s',
      ].join('\n'),
    });
    const file = join(confdir, 'conf.d', 'haproxy.yaml');
    const resource = await loadResourceFile(file, { confdir, prefix: '/site' });
    expect(resource).toEqual({
      name: 'haproxy',
      file,
      src: join(confdir, 'templates', 'app.tmpl'),
      dest: join(confdir, 'out', 'haproxy.cfg'),
      keys: ['/upstream', '/upstream/web', '/services'],
      prefix: '/site/prod',
      prefixes: ['/site/prod/services', '/site/prod/upstream'],
      mode: 0o640,
      uid: 0,
      gid: 0,
      checkCmd: 'haproxy -c -f {{src}}',
      reloadCmd: 'systemctl reload haproxy',
      wait: { minMs: 2000, maxMs: 10_000 },
      backup: true,
      createDirs: true,
      commandTimeoutMs: 90_000,
    });
  });

  it('fills defaults for optional fields', async () => {
    const confdir = await confdirWith({ 'app.yml': MINIMAL });
    const resource = await loadResourceFile(join(confdir, 'conf.d', 'app.yml'), { confdir, prefix: '/' });
    expect(resource).toMatchObject({
      name: 'app',
      prefix: '/',
      prefixes: ['/app'],
      mode: undefined,
      uid: undefined,
      gid: undefined,
      checkCmd: undefined,
      reloadCmd: undefined,
      wait: undefined,
      backup: false,
      createDirs: false,
      commandTimeoutMs: 60_000,
    });
  });

  it('resolves src against templates/ and dest against the confdir; absolute paths stay', async () => {
    const confdir = await confdirWith({
      'rel.yaml': 'src: app.tmpl\ndest: etc/app.conf\nkeys: [/a]\n',
      'abs.yaml': '',
    });
    await writeFile(
      join(confdir, 'conf.d', 'abs.yaml'),
      `src: ${join(confdir, 'templates', 'app.tmpl')}\ndest: /var/tmp/app.conf\nkeys: [/a]\n`,
    );
    const rel = await loadResourceFile(join(confdir, 'conf.d', 'rel.yaml'), { confdir, prefix: '/' });
    expect(rel.src).toBe(join(confdir, 'templates', 'app.tmpl'));
    expect(rel.dest).toBe(join(confdir, 'etc', 'app.conf'));
    const abs = await loadResourceFile(join(confdir, 'conf.d', 'abs.yaml'), { confdir, prefix: '/' });
    expect(abs.src).toBe(join(confdir, 'templates', 'app.tmpl'));
    expect(abs.dest).toBe('/var/tmp/app.conf');
  });

  it('joins the global prefix, the resource prefix and each key; nested keys merge', async () => {
    const confdir = await confdirWith({ 'a.yaml': 'src: app.tmpl\ndest: /tmp/a\nprefix: app/\nkeys: [/db, /db/host, /cache]\n' });
    const resource = await loadResourceFile(join(confdir, 'conf.d', 'a.yaml'), { confdir, prefix: '/prod' });
    expect(resource.prefix).toBe('/prod/app');
    expect(resource.keys).toEqual(['/db', '/db/host', '/cache']);
    expect(resource.prefixes).toEqual(['/prod/app/cache', '/prod/app/db']);
  });

  it.each([
    ['mode: "0644"', 0o644],
    ['mode: 0644', 0o644],
    ['mode: 644', 0o644],
    ['mode: 0o600', 0o600],
    ["mode: '0755'", 0o755],
  ])('reads `%s` as an octal mode', async (line, mode) => {
    const confdir = await confdirWith({ 'a.yaml': MINIMAL + line + '\n' });
    expect((await loadResourceFile(join(confdir, 'conf.d', 'a.yaml'), { confdir, prefix: '/' })).mode).toBe(mode);
  });

  it('reads a TOML mode written as 0o600 or as a confd string', async () => {
    const toml = (mode: string) => `[template]\nsrc = "app.tmpl"\ndest = "/tmp/a"\nkeys = ["/a"]\nmode = ${mode}\n`;
    const confdir = await confdirWith({ 'a.toml': toml('0o600'), 'b.toml': toml('"0640"') });
    const load = (name: string) => loadResourceFile(join(confdir, 'conf.d', name), { confdir, prefix: '/' });
    expect((await load('a.toml')).mode).toBe(0o600);
    expect((await load('b.toml')).mode).toBe(0o640);
  });

  it('rejects an invalid mode, naming the key and line', async () => {
    const confdir = await confdirWith({ 'a.yaml': MINIMAL + 'mode: "0899"\n' });
    const error = await problemsOf(confdir, 'a.yaml');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ key: 'mode', line: 4, file: join(confdir, 'conf.d', 'a.yaml') });
    expect(describeProblem(error)).toBe(`${join(confdir, 'conf.d', 'a.yaml')}:4: mode: must be an octal mode such as "0644", got "0899"`);
  });

  it('resolves owner and group names from /etc/passwd and /etc/group, and numeric ids', async () => {
    const confdir = await confdirWith({
      'names.yaml': MINIMAL + 'owner: root\ngroup: root\n',
      'ids.yaml': MINIMAL.replace('app.conf', 'b') + 'owner: 1234\ngroup: "4321"\n',
      'uid.yaml': MINIMAL.replace('app.conf', 'c') + 'uid: 5\ngid: 6\n',
    });
    const load = (name: string) => loadResourceFile(join(confdir, 'conf.d', name), { confdir, prefix: '/' });
    expect(await load('names.yaml')).toMatchObject({ uid: 0, gid: 0 });
    expect(await load('ids.yaml')).toMatchObject({ uid: 1234, gid: 4321 });
    expect(await load('uid.yaml')).toMatchObject({ uid: 5, gid: 6 });
  });

  it('rejects an unknown owner or group name, and an owner that disagrees with uid', async () => {
    const confdir = await confdirWith({
      'a.yaml': MINIMAL + 'owner: no-such-user-xyz\ngroup: no-such-group-xyz\n',
      'b.yaml': MINIMAL + 'owner: root\nuid: 7\n',
    });
    const a = await problemsOf(confdir, 'a.yaml');
    expect(a.problems.map((p) => [p.key, p.line])).toEqual([
      ['owner', 4],
      ['group', 5],
    ]);
    expect(a.problems[0]?.message).toMatch(/unknown user "no-such-user-xyz" \(not in \/etc\/passwd\)/);
    const b = await problemsOf(confdir, 'b.yaml');
    expect(b.problems[0]?.message).toMatch(/owner "root" is id 0 but uid is 7/);
  });

  it.each([
    ['wait: 2s', { minMs: 2000, maxMs: 8000 }],
    ['wait: "1s:3s"', { minMs: 1000, maxMs: 3000 }],
    ['wait: 5', { minMs: 5000, maxMs: 20_000 }],
    ['wait: { min: 500ms }', { minMs: 500, maxMs: 2000 }],
  ])('reads `%s`', async (line, wait) => {
    const confdir = await confdirWith({ 'a.yaml': MINIMAL + line + '\n' });
    expect((await loadResourceFile(join(confdir, 'conf.d', 'a.yaml'), { confdir, prefix: '/' })).wait).toEqual(wait);
  });

  it('rejects wait.max below wait.min at the line of max', async () => {
    const confdir = await confdirWith({ 'a.yaml': MINIMAL + 'wait:\n  min: 10s\n  max: 2s\n' });
    const error = await problemsOf(confdir, 'a.yaml');
    expect(error.problems[0]).toMatchObject({ key: 'wait.max', line: 6 });
  });

  it('rejects a bad command_timeout and a zero one', async () => {
    const confdir = await confdirWith({ 'a.yaml': MINIMAL + 'command_timeout: soon\n', 'b.yaml': MINIMAL + 'command_timeout: 0s\n' });
    expect((await problemsOf(confdir, 'a.yaml')).problems[0]).toMatchObject({ key: 'command_timeout', line: 4 });
    expect((await problemsOf(confdir, 'b.yaml')).problems[0]?.message).toMatch(/longer than 0/);
  });

  it('rejects command_timeout and wait longer than a timer can wait, in YAML and TOML', async () => {
    const toml = '[template]\nsrc = "app.tmpl"\ndest = "/tmp/a"\nkeys = ["/a"]\nwait = "1s:9999h"\ncommand_timeout = "9999h"\n';
    const confdir = await confdirWith({ 'a.yaml': MINIMAL + 'command_timeout: 9999h\n', 'b.toml': toml });
    const yaml = await problemsOf(confdir, 'a.yaml');
    expect(yaml.problems[0]).toMatchObject({
      key: 'command_timeout',
      line: 4,
      message: expect.stringMatching(/must be at most 596h31m23\.647s/),
    });
    const fromToml = await problemsOf(confdir, 'b.toml');
    expect(fromToml.problems.map((p) => [p.key, p.line])).toEqual([
      ['template.wait', 5],
      ['template.command_timeout', 6],
    ]);
    expect(fromToml.problems.every((p) => /at most 596h31m23\.647s/.test(p.message))).toBe(true);
  });

  it('rejects an unknown field with its line and a suggestion', async () => {
    const confdir = await confdirWith({ 'a.yaml': MINIMAL + 'reload_command: nginx -s reload\n' });
    const error = await problemsOf(confdir, 'a.yaml');
    expect(error.problems[0]).toMatchObject({ code: 'CONFIG_UNKNOWN_KEY', key: 'reload_command', line: 4 });
    expect(error.problems[0]?.message).toBe('unknown key; did you mean "reload_cmd"?');
  });

  it("rejects confd's [template] wrapper in YAML, saying why", async () => {
    const confdir = await confdirWith({ 'a.yaml': 'template:\n  src: app.tmpl\n  dest: /tmp/a\n  keys: [/a]\n' });
    const error = await problemsOf(confdir, 'a.yaml');
    const unknown = error.problems.find((p) => p.key === 'template');
    expect(unknown?.line).toBe(1);
    expect(unknown?.message).toMatch(/top level, without confd's \[template\] table/);
  });

  it('reports malformed YAML with its line', async () => {
    const confdir = await confdirWith({ 'a.yaml': 'src: app.tmpl\ndest: /tmp/a\nkeys: [/a,\nmode: "0644"\n' });
    const error = await problemsOf(confdir, 'a.yaml');
    expect(error.code).toBe('CONFIG_SYNTAX');
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(describeProblem(error)).toMatch(new RegExp(`^${join(confdir, 'conf.d', 'a.yaml')}:\\d+: invalid YAML`));
  });

  it('reports duplicate YAML keys as malformed', async () => {
    const confdir = await confdirWith({ 'a.yaml': MINIMAL + 'src: other.tmpl\n' });
    const error = await problemsOf(confdir, 'a.yaml');
    expect(error).toMatchObject({ code: 'CONFIG_SYNTAX', line: 4 });
  });

  it('reports malformed TOML with its line', async () => {
    const confdir = await confdirWith({ 'a.toml': '[template]\nsrc = "app.tmpl"\ndest = "/tmp/a"\nkeys = [\n' });
    const error = await problemsOf(confdir, 'a.toml');
    expect(error.code).toBe('CONFIG_SYNTAX');
    expect(error.message).toMatch(/^invalid TOML/);
    expect(error.line).toBeGreaterThanOrEqual(4);
  });

  it('reports an unknown TOML field by key path and line', async () => {
    const confdir = await confdirWith({ 'a.toml': '[template]\nsrc = "app.tmpl"\ndest = "/tmp/a"\nkeys = ["/a"]\nreload = "x"\n' });
    const error = await problemsOf(confdir, 'a.toml');
    expect(error.problems[0]).toMatchObject({ key: 'template.reload', line: 5, code: 'CONFIG_UNKNOWN_KEY' });
  });

  it('reports a missing template naming both the resource and the template', async () => {
    const confdir = await confdirWith({ 'a.yaml': 'src: nope.tmpl\ndest: /tmp/a\nkeys: [/a]\n' });
    const error = await problemsOf(confdir, 'a.yaml');
    const text = describeProblem(error);
    expect(text).toContain(join(confdir, 'conf.d', 'a.yaml') + ':1: src:');
    expect(text).toContain(`template ${join(confdir, 'templates', 'nope.tmpl')} does not exist`);
  });

  it('requires src, dest and keys; an empty keys list (a template of the environment only) is a resource', async () => {
    const confdir = await confdirWith({ 'a.yaml': 'mode: "0644"\n', 'b.yaml': 'src: app.tmpl\ndest: /tmp/b\nkeys: []\n', 'c.yaml': '' });
    const a = await problemsOf(confdir, 'a.yaml');
    expect(a.problems.map((p) => `${p.key}: ${p.message}`).sort()).toEqual(['dest: is required', 'keys: is required', 'src: is required']);
    const { resources } = await loadResources({ confdir, prefix: '/' });
    expect(resources.find((r) => r.name === 'b')?.prefixes).toEqual([]);
    expect((await problemsOf(confdir, 'c.yaml')).problems[0]?.message).toMatch(/file is empty/);
  });

  it('reports every problem in a file at once, with lines', async () => {
    const confdir = await confdirWith({
      'a.yaml': [
        'src: missing.tmpl',
        'dest: /tmp/a',
        'keys: [/a]',
        'mode: rw',
        'wait: { min: 1s, max: never }',
        'backup: "yes"',
        'colour: red',
      ].join('\n'),
    });
    const error = await problemsOf(confdir, 'a.yaml');
    expect(error.problems.map((p) => `${p.line}: ${p.key}`).sort()).toEqual(['1: src', '4: mode', '5: wait.max', '6: backup', '7: colour']);
    expect(error.message.split('\n')[0]).toBe(`invalid resource ${join(confdir, 'conf.d', 'a.yaml')} (5 problems):`);
    expect(error.exitCode).toBe(3);
  });

  it('reads a type error of a field as "must be …, got …"', async () => {
    const confdir = await confdirWith({ 'a.yaml': MINIMAL + 'backup: "yes"\ncheck_cmd: [a, b]\n' });
    const error = await problemsOf(confdir, 'a.yaml');
    expect(error.problems.map((p) => `${p.key}: ${p.message}`)).toEqual([
      'backup: must be a boolean, got "yes"',
      'check_cmd: must be a string, got a list',
    ]);
  });
});

describe('loadResources', () => {
  it('reads a link to a FIFO in conf.d as an empty file instead of waiting for a writer', async () => {
    const confdir = await confdirWith({ 'a.yaml': MINIMAL });
    execFileSync('mkfifo', [join(confdir, 'fifo')]);
    await symlink(join(confdir, 'fifo'), join(confdir, 'conf.d', 'b.yaml'));
    const loaded = await loadResources({ confdir, prefix: '/' });
    expect(loaded.resources.map((r) => r.name)).toEqual(['a']);
    expect(loaded.problems.map((p) => [p.file, describeProblem(p.error)])).toEqual([
      [join(confdir, 'conf.d', 'b.yaml'), expect.stringMatching(/file is empty/)],
    ]);
  });

  it('loads conf.d in file-name order, skipping a bad file and reporting it', async () => {
    const confdir = await confdirWith({
      'b.yaml': MINIMAL.replace('app.conf', 'b.conf'),
      'a.toml': '[template]\nsrc = "app.tmpl"\ndest = "/tmp/out/a.conf"\nkeys = ["/a"]\n',
      'c.yml': 'src: app.tmpl\ndest: /tmp/out/c.conf\nkeys: [/c]\nmode: bad\n',
      'd.yaml': MINIMAL.replace('app.conf', 'd.conf'),
      'README.md': '# notes\n',
      '.hidden.yaml': 'not: loaded\n',
    });
    const { resources, problems, warnings } = await loadResources({ confdir, prefix: '/' });
    expect(resources.map((r) => r.name)).toEqual(['a', 'b', 'd']);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.file).toBe(join(confdir, 'conf.d', 'c.yml'));
    expect(problems[0]?.error).toBeInstanceOf(ConfigError);
    expect(warnings).toEqual([`${join(confdir, 'conf.d', 'README.md')}: ignored: not a .yaml, .yml or .toml file`]);
  });

  it('reports a second resource with the same dest as a problem and keeps the first', async () => {
    const confdir = await confdirWith({ 'one.yaml': MINIMAL, 'two.yaml': MINIMAL.replace('/app]', '/other]') });
    const { resources, problems } = await loadResources({ confdir, prefix: '/' });
    expect(resources.map((r) => r.name)).toEqual(['one']);
    expect(problems.map((p) => p.file)).toEqual([join(confdir, 'conf.d', 'two.yaml')]);
    expect(problems[0]?.error.code).toBe('DUPLICATE_DEST');
    expect(describeProblem(problems[0]!.error)).toBe(
      `${join(confdir, 'conf.d', 'two.yaml')}: dest: dest /tmp/out/app.conf is already used by ${join(confdir, 'conf.d', 'one.yaml')}; resource skipped`,
    );
  });

  it('reports two dests that reach one file through a symlink as duplicates', async () => {
    const confdir = await confdirWith({});
    const real = join(confdir, 'real');
    await mkdir(real);
    await symlink(real, join(confdir, 'link'));
    await writeFile(join(confdir, 'conf.d', 'one.yaml'), MINIMAL.replace('/tmp/out/app.conf', join(real, 'app.conf')));
    await writeFile(join(confdir, 'conf.d', 'two.yaml'), MINIMAL.replace('/tmp/out/app.conf', join(confdir, 'link', 'app.conf')));
    const first = await loadResources({ confdir, prefix: '/' });
    expect(first.resources.map((r) => r.name)).toEqual(['one']);
    expect(first.problems[0]?.error.code).toBe('DUPLICATE_DEST');
    expect(first.problems[0]?.error.message).toContain(`(both reach ${join(real, 'app.conf')})`);
    // Once the file exists, a symlink to the file itself is caught too.
    await writeFile(join(real, 'app.conf'), 'x');
    await rm(join(confdir, 'conf.d', 'two.yaml'));
    await symlink(join(real, 'app.conf'), join(confdir, 'file-link'));
    await writeFile(join(confdir, 'conf.d', 'two.yaml'), MINIMAL.replace('/tmp/out/app.conf', join(confdir, 'file-link')));
    expect((await loadResources({ confdir, prefix: '/' })).problems.map((p) => p.error.code)).toEqual(['DUPLICATE_DEST']);
  });

  // Expanded, yamlAliasBomb() is 9^10 nodes: the test finishes only because the limit stops the expansion early.
  it('refuses a YAML alias bomb in a resource file without expanding it, with the file and a code', async () => {
    const confdir = await confdirWith({ 'a.yaml': MINIMAL + yamlAliasBomb() });
    const error = await problemsOf(confdir, 'a.yaml');
    expect(error.code).toBe('CONFIG_ALIAS_LIMIT');
    expect(describeProblem(error)).toMatch(new RegExp(`^${join(confdir, 'conf.d', 'a.yaml')}: invalid YAML: aliases expand too much`));
  });

  it('reports two files with the same resource name (app.toml, app.yaml)', async () => {
    const confdir = await confdirWith({
      'app.yaml': MINIMAL,
      'app.toml': '[template]\nsrc = "app.tmpl"\ndest = "/tmp/x"\nkeys = ["/a"]\n',
    });
    const { resources, problems } = await loadResources({ confdir, prefix: '/' });
    expect(resources.map((r) => r.file)).toEqual([join(confdir, 'conf.d', 'app.toml')]);
    expect(problems[0]?.error.code).toBe('DUPLICATE_NAME');
  });

  it('warns about an empty conf.d and fails on a missing one', async () => {
    const confdir = await confdirWith({});
    expect((await loadResources({ confdir, prefix: '/' })).warnings).toEqual([`${join(confdir, 'conf.d')}: no resource files`]);
    const error = await loadResources({ confdir: join(confdir, 'nope'), prefix: '/' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONF_D_UNREADABLE', file: join(confdir, 'nope', 'conf.d') });
  });

  it('loads the YAML resources of the confd suite', async () => {
    const { confdir, out } = await suiteConfdir();
    const { resources, problems } = await loadResources({ confdir, prefix: '/' });
    expect(problems).toEqual([]);
    expect(resources.map((r) => [r.name, r.dest, r.mode, r.prefixes])).toEqual([
      ['basic', join(out, 'basic.conf'), 0o644, ['/database/host', '/database/password', '/database/port', '/database/username']],
      ['exists', join(out, 'exists-test.conf'), 0o644, ['/key']],
      ['iteration', join(out, 'iteration.conf'), 0o644, ['/upstream']],
      ['manykeys', join(out, 'manykeys.conf'), 0o644, ['/database/host', '/database/password', '/database/port', '/database/username']],
      ['prefixed', join(out, 'prefixed-iteration.conf'), 0o640, ['/prefix/upstream']],
    ]);
    expect(resources.find((r) => r.name === 'prefixed')).toMatchObject({ prefix: '/prefix', keys: ['/upstream'] });
  });

  it("reads confd's TOML resources unchanged, the same as their YAML versions", async () => {
    const yaml = await suiteConfdir();
    const toml = await suiteConfdir();
    const confd = join(toml.confdir, 'conf.d');
    for (const name of await readdir(confd)) await rm(join(confd, name));
    const db = '"/database/host",\n  "/database/password",\n  "/database/port",\n  "/database/username",';
    await writeFile(
      join(confd, 'basic.toml'),
      `[template]\nmode = "0644"\nsrc = "basic.conf.hbs"\ndest = "${toml.out}/basic.conf"\nkeys = [\n  ${db}\n]\n`,
    );
    await writeFile(
      join(confd, 'exists.toml'),
      `[template]\nmode = "0644"\nsrc = "exists-test.conf.hbs"\ndest = "${toml.out}/exists-test.conf"\nkeys = [\n  "/key",\n]\n`,
    );
    await writeFile(
      join(confd, 'iteration.toml'),
      `[template]\nmode = "0644"\nsrc = "iteration.conf.hbs"\ndest = "${toml.out}/iteration.conf"\nkeys = [\n  "/upstream",\n]\n`,
    );
    await writeFile(
      join(confd, 'manykeys.toml'),
      `[template]\nmode = "0644"\nsrc = "basic.conf.hbs"\ndest = "${toml.out}/manykeys.conf"\nkeys = [\n  ${db.repeat(3)}\n]\n`,
    );
    await writeFile(
      join(confd, 'prefixed.toml'),
      `[template]\nprefix = "/prefix"\nmode = "0640"\nsrc = "iteration.conf.hbs"\ndest = "${toml.out}/prefixed-iteration.conf"\nkeys = [\n  "/upstream",\n]\nuid = ${process.getuid?.() ?? 0}\ncheck_cmd = "true {{.src}}"\nreload_cmd = "true"\n`,
    );
    const fromYaml = await loadResources({ confdir: yaml.confdir, prefix: '/' });
    const fromToml = await loadResources({ confdir: toml.confdir, prefix: '/' });
    expect(fromToml.problems).toEqual([]);
    const comparable = (confdir: string, r: (typeof fromYaml.resources)[number]) => ({
      ...r,
      file: r.file.slice(confdir.length).replace(/\.(toml|yaml)$/, ''),
      src: r.src.slice(confdir.length),
      dest: r.dest.slice(confdir.length),
      keys: [...new Set(r.keys)],
    });
    const expected = fromYaml.resources.map((r) => comparable(yaml.confdir, r));
    const prefixed = expected.find((r) => r.name === 'prefixed');
    Object.assign(prefixed ?? {}, { uid: process.getuid?.() ?? 0, checkCmd: 'true {{.src}}', reloadCmd: 'true' });
    expect(fromToml.resources.map((r) => comparable(toml.confdir, r))).toEqual(expected);
  });
});

/** The confd suite fixture as a confdir, with @OUT@ replaced. */
async function suiteConfdir(): Promise<{ confdir: string; out: string }> {
  const dir = await tempDir();
  const confdir = join(dir, 'confdir');
  const out = join(dir, 'out');
  await mkdir(join(confdir, 'conf.d'), { recursive: true });
  await mkdir(join(confdir, 'templates'));
  for (const name of await readdir(join(SUITE, 'conf.d'))) {
    const text = await readFile(join(SUITE, 'conf.d', name), 'utf8');
    await writeFile(join(confdir, 'conf.d', name), text.replaceAll('@OUT@', out));
  }
  for (const name of await readdir(join(SUITE, 'templates'))) {
    await writeFile(join(confdir, 'templates', name), await readFile(join(SUITE, 'templates', name)));
  }
  return { confdir, out };
}

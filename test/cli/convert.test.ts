// `confetti convert CONFD_CONFDIR OUT_CONFDIR` as a user runs it: files written, lines printed, exit codes.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { useTempDirs } from '../support/temp-dir.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();

async function confdDir(files: Record<string, string>): Promise<string> {
  const dir = join(await tempDir(), 'confd');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

const HAPROXY_TOML = `[template]
src = "haproxy.cfg.tmpl"
dest = "/etc/haproxy/haproxy.cfg"
keys = ["/services"]
prefix = "/app"
owner = "haproxy"
mode = "0644"
check_cmd = "/usr/sbin/haproxy -c -f '{{.src}}'"
reload_cmd = "systemctl reload haproxy"
`;

const HAPROXY_TMPL = `backend web
{{- range gets "/services/web/*"}}
  server {{base .Key}} {{.Value}} check
{{- end}}
`;

describe('confetti convert', () => {
  it('writes conf.d/<name>.yaml with every field and templates/<name>.hbs, one line per resource, exit 0', async () => {
    const from = await confdDir({ 'conf.d/haproxy.toml': HAPROXY_TOML, 'templates/haproxy.cfg.tmpl': HAPROXY_TMPL });
    const to = join(from, '../confetti');
    const r = await runCli(['convert', from, to]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`converted    haproxy ${join(to, 'conf.d/haproxy.yaml')} ${join(to, 'templates/haproxy.cfg.hbs')}\n`);
    const resource = parse(await readFile(join(to, 'conf.d/haproxy.yaml'), 'utf8')) as Record<string, unknown>;
    expect(resource).toEqual({
      src: 'haproxy.cfg.hbs',
      dest: '/etc/haproxy/haproxy.cfg',
      keys: ['/services'],
      prefix: '/app',
      mode: '0644',
      check_cmd: '/usr/sbin/haproxy -c -f {{src}}',
      reload_cmd: 'systemctl reload haproxy',
    });
    // confd ignored owner: carried as a comment, so the converted resource behaves as it did.
    expect(await readFile(join(to, 'conf.d/haproxy.yaml'), 'utf8')).toMatch(
      /\n# confd ignored owner; confetti applies them \(chown of the file\)\. Uncomment to do so:\n# owner: haproxy\n$/,
    );
    expect(await readFile(join(to, 'templates/haproxy.cfg.hbs'), 'utf8')).toBe(
      '{{!-- confetti: confd-compatible --}}\nbackend web\n{{~#each (gets "/services/web/*")}}\n  server {{base this.key}} {{this.value}} check\n{{~/each}}\n',
    );
    // The converted confdir is a valid confetti confdir.
    const check = await runCli(['check', '--confdir', to]);
    expect(check.code, check.stderr).toBe(0);
  });

  it('never overwrites a file unless --force; --dry-run writes nothing and prints the files', async () => {
    const from = await confdDir({ 'conf.d/haproxy.toml': HAPROXY_TOML, 'templates/haproxy.cfg.tmpl': HAPROXY_TMPL });
    const to = join(from, '../confetti');
    const dry = await runCli(['convert', '--dry-run', from, to]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^would-write {2}haproxy /);
    expect(dry.stdout).toContain(`--- ${join(to, 'templates/haproxy.cfg.hbs')}\n{{!-- confetti: confd-compatible --}}\n`);
    await expect(readdir(to)).rejects.toThrow(/ENOENT/);

    await mkdir(join(to, 'templates'), { recursive: true });
    await writeFile(join(to, 'templates/haproxy.cfg.hbs'), 'mine\n');
    const refused = await runCli(['convert', from, to]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`exists       haproxy ${join(to, 'templates/haproxy.cfg.hbs')} exists (use --force to overwrite)`);
    expect(await readFile(join(to, 'templates/haproxy.cfg.hbs'), 'utf8')).toBe('mine\n');
    await expect(readdir(join(to, 'conf.d'))).rejects.toThrow(/ENOENT/); // nothing of that resource was written

    const forced = await runCli(['convert', '--force', from, to]);
    expect(forced.code).toBe(0);
    expect(await readFile(join(to, 'templates/haproxy.cfg.hbs'), 'utf8')).toMatch(/^\{\{!-- confetti: confd-compatible/);
  });

  it('lists what needs a person as file:line:col, marks it in the template, converts the rest, exit 1', async () => {
    const from = await confdDir({
      'conf.d/a.toml': '[template]\nsrc = "a.tmpl"\ndest = "/tmp/a"\nkeys = ["/a"]\nmode = "644"\n',
      'templates/a.tmpl': 'x {{datetime.Format "2006"}}\n{{range gets "/a/*"}}{{if .Value}}{{break}}{{end}}{{end}}\n',
      'conf.d/b.toml': '[template]\nsrc = "b.tmpl"\ndest = "/tmp/b"\nkeys = ["/b"]\n',
      'templates/b.tmpl': '{{getv "/b/x"}}\n',
    });
    const to = join(from, '../confetti');
    const r = await runCli(['convert', from, to]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      `needs-review a ${join(to, 'conf.d/a.yaml')} ${join(to, 'templates/a.hbs')} (3 to review)`,
      `converted    b ${join(to, 'conf.d/b.yaml')} ${join(to, 'templates/b.hbs')}`,
      '',
    ]);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${join(from, 'conf.d/a.toml')}:5:1: mode "644" — confd read this as decimal \\(mode 01204\\)`)),
      `${join(from, 'templates/a.tmpl')}:1:5: method call — Go methods (like datetime.Format) have no Handlebars equivalent; use a helper`,
      `${join(from, 'templates/a.tmpl')}:2:35: {{break}} — Handlebars' #each cannot stop early: rewrite the loop body with {{#if}}`,
    ]);
    const template = await readFile(join(to, 'templates/a.hbs'), 'utf8');
    expect(template.match(/CONFETTI-CONVERT/g)).toHaveLength(2);
    expect(parse(await readFile(join(to, 'conf.d/a.yaml'), 'utf8'))).toMatchObject({ mode: '0644' });
  });

  it('exits 3 for a confdir it cannot read, and for a resource file or template it cannot read', async () => {
    const none = await runCli(['convert', join(await tempDir(), 'nope'), join(await tempDir(), 'out')]);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/cannot read .*nope\/conf\.d/);
    const from = await confdDir({
      'conf.d/bad.toml': '[template\nsrc = 1',
      'conf.d/gone.toml': '[template]\nsrc = "gone.tmpl"\ndest = "/tmp/x"\nkeys = ["/"]\n',
    });
    const r = await runCli(['convert', from, join(from, '../out')]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(new RegExp(`^unreadable {3}bad ${join(from, 'conf.d/bad.toml')}:\\d+:\\d+: invalid TOML`, 'm'));
    expect(r.stdout).toMatch(/^unreadable {3}gone cannot read template .*gone\.tmpl/m);
  });

  it('exits 2 for wrong usage', async () => {
    const r = await runCli(['convert', 'only-one']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required argument/);
  });
});

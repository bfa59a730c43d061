// npm run release: the tarball and its .sha256, unpacked into an empty directory and run from there without Node;
// every shipped systemd unit passes `systemd-analyze verify`; the Butane config carries the same unit and drop-in.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathWithoutNode } from './cli-runner-setup.js';
import { verifyUnit } from './systemd-verify.js';

const ROOT = resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const NAME = `confetti-${version}-linux-x64`;

let work: string;
let unpacked: string;
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/release.mjs'], { cwd: ROOT, stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), 'confetti-release-'));
  execFileSync('tar', ['-xzf', join(ROOT, 'dist/release', `${NAME}.tar.gz`), '-C', work]);
  unpacked = join(work, NAME);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('npm run release', () => {
  it('writes the tarball and a .sha256 that checks', () => {
    const out = execFileSync('sha256sum', ['-c', `${NAME}.tar.gz.sha256`], { cwd: join(ROOT, 'dist/release'), encoding: 'utf8' });
    expect(out.trim()).toBe(`${NAME}.tar.gz: OK`);
  });

  it('holds the executable, the systemd unit and drop-in, the template, conf.d, the Butane file, README, docs and LICENSE', () => {
    const docs = readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`);
    expect(docs.length).toBeGreaterThan(5);
    expect(listFiles(unpacked).sort()).toEqual(
      [
        'LICENSE',
        'README.md',
        'conf.d/haproxy.yaml',
        'confetti',
        ...docs,
        'flatcar/confetti.bu',
        'systemd/confetti.service',
        'systemd/confetti.service.d/20-etcd.conf',
        'templates/haproxy.cfg.hbs',
      ].sort(),
    );
    expect(statSync(join(unpacked, 'confetti')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(unpacked, 'systemd/confetti.service'), 'utf8')).toMatch(/^ExecStart=\/opt\/bin\/confetti watch /m);
  });

  it('runs from the unpacked directory without Node: checks and renders the shipped conf.d and template', () => {
    const env = { PATH: pathWithoutNode(join(work, 'path')), HOME: join(work, 'home') };
    const check = execFileSync(join(unpacked, 'confetti'), ['check', '--confdir', unpacked], { env, encoding: 'utf8' });
    expect(check).toContain('0 problem(s)');
    const data = join(work, 'data.yaml');
    writeFileSync(data, 'services:\n  web:\n    port: "8080"\n    instances:\n      web-1: 10.0.0.5:8080\n');
    const out = execFileSync(
      join(unpacked, 'confetti'),
      ['render', '--confdir', unpacked, '--backend', 'file', '--file', data, '--dry-run'],
      { env, encoding: 'utf8' },
    );
    expect(out).toContain('+    bind 0.0.0.0:8080');
    expect(out).toMatch(/\+\s+server web-1 10\.0\.0\.5:8080/);
  });
});

describe('shipped systemd units', () => {
  it.each([
    ['the tarball', () => join(unpacked, 'systemd')],
    ['deploy/systemd', () => join(ROOT, 'deploy/systemd')],
  ])('%s: confetti.service with its drop-in passes systemd-analyze verify', async (_name, dir) => {
    const r = await verifyUnit(
      join(dir(), 'confetti.service'),
      [join(dir(), 'confetti.service.d/20-etcd.conf')],
      join(unpacked, 'confetti'),
    );
    expect(r.complaints).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('verify does complain about a unit it should reject (the check is not a no-op)', async () => {
    const bad = join(work, 'confetti.service');
    writeFileSync(
      bad,
      readFileSync(join(ROOT, 'deploy/systemd/confetti.service'), 'utf8').replace(/^Type=notify$/m, 'Type=notify\nTypo=1'),
    );
    const r = await verifyUnit(bad, [], join(unpacked, 'confetti'));
    expect(r.complaints.join('\n')).toContain("Unknown key 'Typo'");
  });
});

describe('deploy/flatcar/confetti.bu', () => {
  type Butane = {
    variant: string;
    storage: { files: Array<{ path: string; mode: number; contents: { inline?: string; local?: string; source?: string } }> };
    systemd: { units: Array<{ name: string; enabled: boolean; contents: string; dropins: Array<{ name: string; contents: string }> }> };
  };
  // YAML 1.1 as Butane (go-yaml) reads it: `mode: 0755` is octal.
  const bu = parse(readFileSync(join(ROOT, 'deploy/flatcar/confetti.bu'), 'utf8'), { version: '1.1' }) as Butane;
  const deploy = (p: string): string => readFileSync(join(ROOT, 'deploy', p), 'utf8');

  it('installs the executable into /opt/bin and writes conf.d and the template', () => {
    expect(bu.variant).toBe('flatcar');
    const files = new Map(bu.storage.files.map((f) => [f.path, f]));
    expect(files.get('/opt/bin/confetti')?.mode).toBe(0o755);
    expect(files.get('/etc/confetti/conf.d/haproxy.yaml')?.contents.inline).toBe(deploy('systemd/conf.d/haproxy.yaml'));
    expect(files.get('/etc/confetti/templates/haproxy.cfg.hbs')?.contents.local).toBe('templates/haproxy.cfg.hbs');
  });

  it('enables the unit, with the drop-in naming etcd, both as in deploy/systemd', () => {
    const unit = bu.systemd.units.find((u) => u.name === 'confetti.service');
    expect(unit?.enabled).toBe(true);
    expect(unit?.contents).toBe(deploy('systemd/confetti.service'));
    expect(unit?.dropins).toEqual([{ name: '20-etcd.conf', contents: deploy('systemd/confetti.service.d/20-etcd.conf') }]);
    expect(unit?.dropins[0]?.contents).toMatch(/^Environment=CONFETTI_ENDPOINTS=/m);
  });
});

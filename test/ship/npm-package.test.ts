// The npm package: `npm pack` → `npm install -g` into a temporary prefix gives a working `confetti` on PATH, carrying
// the built CLI and nothing only needed for building (no sources, tests, scripts, dependencies: the bundle has them).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfdir } from '../cli/confdir.js';
import { NODE_PACKAGES } from './runners.js';

const ROOT = resolve(import.meta.dirname, '../..');
interface Manifest {
  version: string;
  bin: Record<string, string>;
  engines: { node: string };
  files: string[];
  dependencies?: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

let work: string;
let prefix: string;
let installed: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'confetti-npm-'));
  // --ignore-scripts: prepack would rebuild dist/ under the other test files that are running it; npm test built it.
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, stdio: 'ignore' });
  prefix = join(work, 'prefix');
  const npmEnv = { ...process.env, npm_config_cache: join(work, 'npm-cache'), npm_config_audit: 'false', npm_config_fund: 'false' };
  execFileSync('npm', ['install', '-g', '--offline', '--prefix', prefix, join(work, `confetti-${manifest.version}.tgz`)], {
    env: npmEnv,
    stdio: 'ignore',
  });
  installed = join(prefix, 'lib/node_modules/confetti');
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function listFiles(dir: string, prefixPath = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefixPath}${e.name}/`) : [`${prefixPath}${e.name}`],
  );
}

describe('npm package', () => {
  it('installs into a prefix with confetti on PATH that renders', async () => {
    const { confdir, data } = await writeConfdir(work, {
      resources: { 'app.yaml': 'src: app.hbs\ndest: out/app.conf\ncreate_dirs: true\nkeys: [/app]\n' },
      templates: { 'app.hbs': 'port {{getv "/app/port"}}\n' },
      data: { app: { port: 8080 } },
    });
    const env = { PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: join(work, 'home') };
    const out = execFileSync('confetti', ['render', '--confdir', confdir, '--backend', 'file', '--file', data], { env, encoding: 'utf8' });
    expect(out).toMatch(/^written +app /m);
    expect(readFileSync(join(confdir, 'out/app.conf'), 'utf8')).toBe('port 8080\n');
  });

  it('holds the built CLI, templates, systemd files, README, docs and LICENSE only: no sources, tests or dependencies', () => {
    const files = listFiles(installed).sort();
    expect(files).toEqual(expect.arrayContaining(['dist/confetti.js', 'dist/confetti-bundle.cjs', 'dist/package.json', 'package.json']));
    const allowed =
      /^(dist\/(confetti\.js|confetti-bundle\.cjs|package\.json)|templates\/[^/]+\.hbs|deploy\/systemd\/.+|docs\/[^/]+\.md|LICENSE|README\.md|package\.json)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('declares bin and engines as tested: the Node majors the cli:node* projects run', () => {
    expect(manifest.bin).toEqual({ confetti: 'dist/confetti.js' });
    const majors = Object.keys(NODE_PACKAGES)
      .map(Number)
      .sort((a, b) => a - b);
    expect(manifest.engines.node).toBe(majors.map((m) => (m === 20 ? '^20.19.0' : `^${m}.0.0`)).join(' || '));
  });
});

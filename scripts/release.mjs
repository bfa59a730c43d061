// npm run release — dist/release/confetti-<version>-linux-<arch>.tar.gz and its .sha256: the executable
// (dist/bin/confetti, built by npm run build:binary), the systemd unit and etcd drop-in (ExecStart=/opt/bin/confetti:
// /usr is read-only on CoreOS/Flatcar), the HAProxy template, an example conf.d/, README, docs/ and LICENSE.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { arch } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

const ARCH = { x64: 'x64', arm64: 'arm64' }[arch()] ?? arch();
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const name = `confetti-${version}-linux-${ARCH}`;
const outDir = resolve('dist/release');
const stage = join(outDir, name);

/** [source in the repository, path inside the tarball, mode] */
const FILES = [
  ['dist/bin/confetti', 'confetti', 0o755],
  ['deploy/systemd/confetti.service', 'systemd/confetti.service', 0o644],
  ['deploy/systemd/confetti.service.d/20-etcd.conf', 'systemd/confetti.service.d/20-etcd.conf', 0o644],
  ['deploy/systemd/conf.d/haproxy.yaml', 'conf.d/haproxy.yaml', 0o644],
  ['templates/haproxy.cfg.hbs', 'templates/haproxy.cfg.hbs', 0o644],
  ['deploy/flatcar/confetti.bu', 'flatcar/confetti.bu', 0o644],
  ['README.md', 'README.md', 0o644],
  ['LICENSE', 'LICENSE', 0o644],
  // The README links into docs/: ship them beside it.
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => [`docs/${f}`, `docs/${f}`, 0o644]),
];

if (!existsSync('dist/bin/confetti')) throw new Error('dist/bin/confetti missing: npm run build:binary first');
rmSync(outDir, { recursive: true, force: true });
for (const [from, to, mode] of FILES) {
  mkdirSync(dirname(join(stage, to)), { recursive: true });
  copyFileSync(from, join(stage, to));
  execFileSync('chmod', [mode.toString(8), join(stage, to)]);
}
const tarball = join(outDir, `${name}.tar.gz`);
// Sorted names, numeric root owner, no timestamps from this checkout: the same inputs give the same tarball.
execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', outDir, '-czf', tarball, name]);
rmSync(stage, { recursive: true, force: true });
const digest = createHash('sha256').update(readFileSync(tarball)).digest('hex');
writeFileSync(`${tarball}.sha256`, `${digest}  ${basename(tarball)}\n`);
console.log(`${tarball}\n${tarball}.sha256: ${digest}`);

// npm run build:binary — dist/bin/confetti: one executable with Node 24 inside (Node's single executable
// applications), for this machine's OS and architecture. The Node binary comes from the pinned `node-linux-<arch>`
// devDependency; the blob is made by that same Node (a blob only fits the Node that made it) and injected with
// postject. CONFETTI_SEA_MODE=snapshot (default, faster in bench:oneshot) or codecache chooses how start-up is sped up.
import { execFileSync } from 'node:child_process';
import { copyFileSync, chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from './esbuild-options.mjs';

const mode = process.env.CONFETTI_SEA_MODE ?? 'snapshot';
if (mode !== 'snapshot' && mode !== 'codecache') throw new Error(`CONFETTI_SEA_MODE=${mode}: expected snapshot or codecache`);
const require = createRequire(import.meta.url);
const nodePackage = `node-${platform()}-${arch()}`;
const node = join(resolve(require.resolve(`${nodePackage}/package.json`), '..'), 'bin', 'node');
const outDir = resolve('dist/bin');
const work = join(outDir, '.sea');
const out = join(outDir, 'confetti');

rmSync(outDir, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const main = join(work, 'confetti-sea.cjs');
await build(bundleOptions('src/cli/sea-main.ts', main));
// V8 keeps the bundle's source in the snapshot, as Latin-1 unless one character is wider: then all of it is UTF-16
// (twice the bytes every start maps in). esbuild escapes such characters except inside regex literals.
const wide = /[^\u0000-\u00ff]/.exec(readFileSync(main, 'utf8'));
if (wide)
  throw new Error(
    `${main}: character U+${wide[0].codePointAt(0).toString(16).toUpperCase()} at offset ${wide.index} ("${readFileSync(main, 'utf8').slice(Math.max(0, wide.index - 40), wide.index + 10)}"): escape it in the source (\\uXXXX) so the bundle stays Latin-1`,
  );
const blob = join(work, 'confetti.blob');
const config = join(work, 'sea-config.json');
writeFileSync(
  config,
  JSON.stringify({
    main,
    output: blob,
    disableExperimentalSEAWarning: true,
    useSnapshot: mode === 'snapshot',
    useCodeCache: mode === 'codecache',
  }),
);
execFileSync(node, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
copyFileSync(node, out);
chmodSync(out, 0o755);
// The package's Node carries debug info (~120 MB); stripped before injection, the executable is a third of that.
execFileSync('strip', ['--strip-all', out], { stdio: 'inherit' });
const postject = join(resolve(require.resolve('postject/package.json'), '..'), 'dist', 'cli.js');
execFileSync(
  process.execPath,
  [postject, out, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
rmSync(work, { recursive: true, force: true });
const version = execFileSync(out, ['--version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } }).trim();
const { version: expected } = JSON.parse(readFileSync('package.json', 'utf8'));
if (!version.startsWith(`${expected} (node v`)) throw new Error(`${out} --version printed "${version}", expected "${expected} (node v…)"`);
console.log(`${out}: ${version}, ${mode}`);

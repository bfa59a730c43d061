// Bundles the CLI with esbuild into one CommonJS file, dist/confetti-bundle.cjs, and writes dist/confetti.js, the
// small entry that runs it with a V8 code cache (see scripts/loader.js). Start-up time matters for one-shot use.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';

// commander requires node:child_process at load for executable subcommands, which confetti has none of; child_process
// brings net and dgram along (~5 ms of every one-shot start). Load it on first use instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${args.path}: expected "${eager}" (commander changed; update scripts/build.mjs)`);
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

await rm('dist', { recursive: true, force: true });
await build({
  plugins: [lazyChildProcess],
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/confetti-bundle.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  keepNames: true, // error classes name themselves from new.target.name
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
const bundle = await readFile('dist/confetti-bundle.cjs');
const hash = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
const loader = (await readFile('scripts/loader.js', 'utf8')).replace('__BUNDLE_HASH__', hash);
await writeFile('dist/confetti.js', loader);
// dist/ is self-contained (copied as is into images): its entry is CommonJS wherever it lands.
await writeFile('dist/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
await chmod('dist/confetti.js', 0o755);

// Bundles the CLI with esbuild into one CommonJS file, dist/confetti-bundle.cjs, and writes dist/confetti.js, the
// small entry that runs it with a V8 code cache (see scripts/loader.js). Start-up time matters for one-shot use.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { bundleOptions } from './esbuild-options.mjs';

await rm('dist', { recursive: true, force: true });
await build(bundleOptions('src/cli/main.ts', 'dist/confetti-bundle.cjs'));
const bundle = await readFile('dist/confetti-bundle.cjs');
const hash = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
const loader = (await readFile('scripts/loader.js', 'utf8')).replace('__BUNDLE_HASH__', hash);
await writeFile('dist/confetti.js', loader);
// dist/ is self-contained (copied as is into images): its entry is CommonJS wherever it lands.
await writeFile('dist/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
await chmod('dist/confetti.js', 0o755);

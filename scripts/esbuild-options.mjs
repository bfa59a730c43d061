// esbuild options shared by the bundle (scripts/build.mjs) and the single executable (scripts/build-binary.mjs).
import { readFile } from 'node:fs/promises';

// commander requires node:child_process at load for executable subcommands, which confetti has none of; child_process
// brings net and dgram along (~5 ms of every one-shot start). Load it on first use instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${args.path}: expected "${eager}" (commander changed; update scripts/esbuild-options.mjs)`);
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

export function bundleOptions(entry, outfile) {
  return {
    plugins: [lazyChildProcess],
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    keepNames: true, // error classes name themselves from new.target.name
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  };
}

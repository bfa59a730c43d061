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
      if (!source.includes(eager))
        throw new Error(`${args.path}: expected "${eager}" (commander changed; update scripts/esbuild-options.mjs)`);
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

// One non-ASCII character anywhere in the bundle (a regex literal is not escaped like a string) makes V8 hold the
// whole ~770 KB source as UTF-16 in every process: 1.5 MiB of heap instead of 0.75 (an idle watch: heapUsed
// 12.1 → 9.6 MiB, VmRSS 56.1 → 54.9 MiB). Fail the build.
const asciiOnly = {
  name: 'ascii-only',
  setup(b) {
    b.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      const text = await readFile(b.initialOptions.outfile, 'latin1');
      const at = text.search(/[^\x00-\x7f]/);
      if (at >= 0)
        throw new Error(
          `${b.initialOptions.outfile}: non-ASCII byte at ${at} ("${text.slice(Math.max(0, at - 40), at + 10)}"): escape it (\\uXXXX)`,
        );
    });
  },
};

export function bundleOptions(entry, outfile) {
  return {
    plugins: [lazyChildProcess, asciiOnly],
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

#!/usr/bin/env node
// confetti's entry: runs the CommonJS bundle beside it through vm.Script with a V8 code cache, so a one-shot
// render does not re-parse and re-compile ~1.5 MB of JavaScript on every container start (Node 20 has no
// built-in compile cache). The cache lives in $XDG_CACHE_HOME or ~/.cache, only in a directory this user owns
// and no one else can write (cached bytecode is code); V8 rejects a cache that does not match the source.
// CONFETTI_COMPILE_CACHE=0 turns it off.
// CommonJS itself (dist/package.json says so): an ES module entry would load Node's ESM loader, ~5 ms of every start.
'use strict';
const {
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const { createRequire } = Module;
// A watch keeps its heap small (src/cli/heap-flags.ts, which runWatch applies too); a one-shot is faster without
// (300 resources: 724 vs 777 ms). Set before compiling: V8's code cache is only accepted under the flags it was made
// with, so each flag set has its own cache file.
const daemon = process.argv[2] === 'watch';
if (daemon) require('node:v8').setFlagsFromString('--semi-space-growth-factor=1 --heap-growing-percent=30');
const BUNDLE_HASH = '__BUNDLE_HASH__';
const here = __dirname;
const file = join(here, 'confetti-bundle.cjs');
const cacheFile = compileCachePath();
let cachedData;
if (cacheFile !== undefined) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
}
const script = new vm.Script(Module.wrap(readBundle(file)), { filename: file, cachedData });
if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
  // Written after the run (or 2 s into a daemon), so the functions this path compiled lazily are in it too.
  const save = () => {
    clearTimeout(timer);
    process.off('beforeExit', save);
    try {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      renameSync(tmp, cacheFile);
      // Caches of earlier builds or Node versions are dead weight (this build's other flag set's is not).
      for (const name of readdirSync(dirname(cacheFile))) {
        if (name.endsWith('.v8') && !name.startsWith(`${process.version}-${BUNDLE_HASH}`))
          rmSync(join(dirname(cacheFile), name), { force: true });
      }
    } catch {
      // a cache is an optimisation: a read-only or full disk changes nothing
    }
  };
  const timer = setTimeout(save, 2_000);
  timer.unref();
  process.on('beforeExit', save);
}
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, here);

/**
 * The bundle's text, read 64 KiB at a time. readFileSync(file, 'utf8') reads into one growing 1 MiB malloc block and
 * frees it; glibc then raises its mmap threshold to 1 MiB and its trim threshold to 2 MiB for the rest of the process,
 * so the compiler's later 128 KiB-1 MiB blocks stay in the brk heap and are never given back: 7.6 MiB of RSS in every
 * process that compiles without a cache (`[heap]` in /proc/<pid>/smaps 10.2 vs 2.6 MiB for `--version`; an idle watch
 * 65.4 vs 58.7 MiB, bench/watch.mjs --only idle, Node 20; test/cli/loader-memory.test.ts). Node 22 and 24 raise the
 * threshold themselves before any JavaScript runs. Latin-1 slices are the UTF-8 text: the build keeps the bundle ASCII.
 */
function readBundle(path) {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    let text = '';
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0;) text += chunk.latin1Slice(0, n);
    return text;
  } finally {
    closeSync(fd);
  }
}

function compileCachePath() {
  if (process.env.CONFETTI_COMPILE_CACHE === '0' || typeof process.getuid !== 'function') return undefined;
  const home = process.env.XDG_CACHE_HOME || (process.env.HOME ? join(process.env.HOME, '.cache') : undefined);
  if (home === undefined) return undefined;
  const dir = join(home, 'confetti');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    if (st.uid !== process.getuid() || (st.mode & 0o022) !== 0) return undefined;
  } catch {
    return undefined;
  }
  return join(dir, `${process.version}-${BUNDLE_HASH}${daemon ? '-watch' : ''}.v8`);
}

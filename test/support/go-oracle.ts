// renderWithGo: confd's rendering, by Go's own text/template with confd's function set (test/go-oracle/), for
// differential tests. The request, as JSON on the oracle's stdin:
//
//   templates     file name → Go template text; `main` names the one to execute (confd's `src`, base name).
//                 confd parses exactly one file; more entries become associated templates ({{template "x.tmpl"}}).
//   keys          every key the backend holds, "/a/b" → value (flat; see test/support/confd-case.ts for data.yaml).
//   resourceKeys  the resource's `keys` (default ["/"]: all); `[]` shows the template no key at all.
//   prefix        the resource's prefix (default "", which confd reads as "/"); stripped from the keys shown.
//   env           the whole environment getenv sees (default none); the test process's own is never used.
//   match         "file" (default): a resource key selects keys by plain string prefix, as confd's file backend
//                 does ("/upstream" also takes "/upstreamx/a"); "etcdv3": the key itself or keys below it.
//
// Answer: { ok: true, output, bytes } with exactly what confd would write, or { ok: false, error } with Go's
// parse/execute error text (e.g. `template: t.tmpl:1:2: executing "t.tmpl" at <getv "/x">: error calling getv: …`).
// The Go program is built once per source hash into node_modules/.cache/confetti/ (safe across vitest workers).
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, constants, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';

export interface GoRenderRequest {
  templates: Record<string, string>;
  main: string;
  keys: Record<string, string>;
  resourceKeys?: string[];
  prefix?: string;
  env?: Record<string, string>;
  match?: 'file' | 'etcdv3';
}

export type GoRenderResult = { ok: true; output: string; bytes: Buffer } | { ok: false; error: string };

export interface GoRenderOptions {
  signal?: AbortSignal;
  /** Default 30 s: a lookupIP against an unreachable resolver must not hang the test. */
  timeoutMs?: number;
}

const ORACLE_DIR = resolve(import.meta.dirname, '../go-oracle');
const CACHE_DIR = resolve(import.meta.dirname, '../../node_modules/.cache/confetti');
const run = promisify(execFile);

let built: Promise<string> | undefined;

/** Render `request` with Go's text/template and confd's functions; throws only when the oracle itself fails. */
export async function renderWithGo(request: GoRenderRequest, options: GoRenderOptions = {}): Promise<GoRenderResult> {
  const binary = await buildGoOracle();
  const { code, stdout, stderr } = await runOracle(binary, JSON.stringify(request), options);
  if (code === 0) return { ok: true, output: stdout.toString('utf8'), bytes: stdout };
  if (code === 1) return { ok: false, error: stderr.toString('utf8').replace(/\n$/, '') };
  throw new Error(`go-oracle (${binary}) exited with ${code}: ${stderr.toString('utf8').trim()}`);
}

/** The oracle binary's path, built on first use; `go` missing from PATH is an error at once, on every call. */
export async function buildGoOracle(): Promise<string> {
  const go = await findOnPath('go');
  if (go === undefined) throw new Error('go not found on PATH: apt-get install golang-go (or run .ci/run)');
  built ??= buildOnce(go).catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function buildOnce(go: string): Promise<string> {
  const env = goEnv();
  const { stdout: version } = await run(go, ['env', 'GOVERSION'], { env });
  const target = join(CACHE_DIR, `go-oracle-${await sourceHash(version.trim())}`);
  if (await isExecutable(target)) return target;
  await mkdir(CACHE_DIR, { recursive: true });
  // Build under a unique name and rename: another vitest worker may be building the same binary right now.
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await run(go, ['build', '-trimpath', '-o', temp, '.'], { cwd: ORACLE_DIR, env, timeout: 300_000 });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    const detail = (error as { stderr?: string }).stderr?.trim() ?? String(error);
    throw new Error(`go build in ${ORACLE_DIR} failed: ${detail}`, { cause: error });
  }
  return target;
}

/** Go's caches under ours (HOME may be unwritable); no proxy, no GOFLAGS from outside (stdlib only); no cgo. */
function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOCACHE: join(CACHE_DIR, 'go-build'),
    GOPATH: join(CACHE_DIR, 'gopath'),
    GOFLAGS: '',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
  };
}

/** Hash of go.mod and the .go sources (not the tests), plus the Go version that builds them. */
async function sourceHash(goVersion: string): Promise<string> {
  const hash = createHash('sha256').update(goVersion);
  const isSource = (n: string): boolean => n === 'go.mod' || (n.endsWith('.go') && !n.endsWith('_test.go'));
  const names = (await readdir(ORACLE_DIR)).filter(isSource);
  for (const name of names.sort()) {
    hash.update(`\0${name}\0`).update(await readFile(join(ORACLE_DIR, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function findOnPath(command: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && (await isExecutable(join(dir, command)))) return join(dir, command);
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** Run the binary with `input` on stdin; resolves with its exit code and raw output, rejects on timeout/abort. */
function runOracle(
  binary: string,
  input: string,
  { signal, timeoutMs = 30_000 }: GoRenderOptions,
): Promise<{ code: number | null; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'], signal, timeout: timeoutMs, env: {} });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new Error(`go-oracle (${binary}): ${error.message}`, { cause: error })));
    child.on('close', (code, killedBy) => {
      if (killedBy === null) resolvePromise({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
      else reject(new Error(`go-oracle (${binary}) killed by ${killedBy} (timeout ${timeoutMs} ms?)`));
    });
    child.stdin.on('error', () => {}); // EPIPE if it exits early; its exit code and stderr tell the story
    child.stdin.end(input);
  });
}

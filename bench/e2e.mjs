// npm run bench:e2e — time from `confetti register` to the first request HAProxy sends to the new backend.
// Real etcd, real `confetti watch --exec "haproxy -W -db …" --reload-signal SIGUSR2`, loopback only.
// TRIALS (default 20), WAIT (quiescence, default 100ms:500ms).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from './lib.mjs';

const trials = Number(process.env.TRIALS ?? 20);
const [waitMin, waitMax] = (process.env.WAIT ?? '100ms:500ms').split(':');
const cli = resolve('dist/confetti.js');
const dir = mkdtempSync(join(tmpdir(), 'confetti-bench-e2e-'));
const procs = [];

const freePort = () =>
  new Promise((res) => {
    const s = createTcpServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

function run(file, args, opts = {}) {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  child.out = '';
  // HAProxy logs every request to the inherited stderr: keep confetti's own lines, not the access log.
  const keep = (c) =>
    (child.out = (
      child.out +
      String(c)
        .split('\n')
        .filter((l) => !/ web\/| web_servers\//.test(l))
        .join('\n')
    ).slice(-2_000_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.done = once(child, 'exit');
  procs.push(child);
  return child;
}

async function until(check, what, timeoutMs = 10_000, everyMs = 2) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

function get(port) {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 2000 }, (r) => {
      let body = '';
      r.setEncoding('utf8')
        .on('data', (c) => (body += c))
        .on('end', () => res(body));
    });
    req
      .on('timeout', () => req.destroy(new Error('timeout')))
      .on('error', rej)
      .end();
  });
}

async function backend(name) {
  const server = createServer((_req, res) => res.writeHead(200, { connection: 'close' }).end(name)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: server.address().port,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

const [clientPort, peerPort, frontPort] = [await freePort(), await freePort(), await freePort()];
const endpoint = `http://127.0.0.1:${clientPort}`;
const etcdctl = (...args) =>
  new Promise((res, rej) => {
    const c = spawn('etcdctl', ['--endpoints', endpoint, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('exit', (code) => (code === 0 ? res(out) : rej(new Error(`etcdctl ${args.join(' ')} exited ${code}`))));
  });

try {
  run('etcd', [
    '--name',
    'bench',
    '--data-dir',
    join(dir, 'etcd'),
    '--listen-client-urls',
    endpoint,
    '--advertise-client-urls',
    endpoint,
    '--listen-peer-urls',
    `http://127.0.0.1:${peerPort}`,
    '--initial-advertise-peer-urls',
    `http://127.0.0.1:${peerPort}`,
    '--initial-cluster',
    `bench=http://127.0.0.1:${peerPort}`,
    '--log-level',
    'error',
    '--logger',
    'zap',
  ]);
  await until(async () => (await fetch(`${endpoint}/health`)).ok, 'etcd', 20_000, 50);
  await etcdctl('put', '/services/web/port', String(frontPort));
  await etcdctl('put', '/services/web/bind', '127.0.0.1');

  const confdir = join(dir, 'confetti');
  const dest = join(dir, 'haproxy', 'haproxy.cfg');
  mkdirSync(join(confdir, 'conf.d'), { recursive: true });
  mkdirSync(join(confdir, 'templates'));
  copyFileSync('templates/haproxy.cfg.hbs', join(confdir, 'templates', 'haproxy.cfg.hbs'));
  writeFileSync(
    join(confdir, 'conf.d', 'haproxy.yaml'),
    `src: haproxy.cfg.hbs\ndest: ${dest}\nkeys: [/services]\ncreate_dirs: true\ncheck_cmd: haproxy -c -q -f {{src}}\nwait: { min: ${waitMin}, max: ${waitMax} }\n`,
  );

  const register = (name, port) =>
    run(process.execPath, [
      cli,
      'register',
      `/services/web/instances/${name}`,
      `127.0.0.1:${port}`,
      '--ttl',
      '5s',
      '--endpoints',
      endpoint,
    ]);
  const base = await backend('base');
  register('base', base.port);
  await until(
    async () => (await etcdctl('get', '--prefix', '/services/web/instances/', '--keys-only')).includes('base'),
    'base registration',
  );
  const watch = run(process.execPath, [
    cli,
    'watch',
    '--confdir',
    confdir,
    '--endpoints',
    endpoint,
    '--exec',
    `haproxy -W -db -f ${dest}`,
    '--reload-signal',
    'SIGUSR2',
  ]);
  await until(async () => (await get(frontPort)) === 'base', 'HAProxy serving', 20_000, 20);

  const fromSpawn = [];
  const fromWrite = [];
  for (let i = 0; i < trials; i++) {
    const name = `trial-${i}`;
    const b = await backend(name);
    const t0 = performance.now();
    const reg = register(name, b.port);
    let written;
    reg.stdout.on('data', () => undefined);
    const onLog = () => {
      if (written === undefined && /registered/.test(reg.out)) written = performance.now();
    };
    reg.stderr.on('data', onLog);
    await until(async () => (await get(frontPort)) === name, `${name} served`, 15_000, 1);
    const t1 = performance.now();
    fromSpawn.push(t1 - t0);
    if (written !== undefined) fromWrite.push(t1 - written);
    reg.kill('SIGTERM');
    await reg.done;
    await until(async () => (await get(frontPort)) === 'base' && (await get(frontPort)) === 'base', `${name} gone`, 15_000, 5);
    await b.close();
  }
  const fmt = (xs) =>
    `p50 ${percentile(xs, 50).toFixed(0)} ms  p90 ${percentile(xs, 90).toFixed(0)} ms  min ${Math.min(...xs).toFixed(0)} ms  max ${Math.max(...xs).toFixed(0)} ms`;
  console.log(
    `confetti e2e: register → first request served by the new backend (${trials} trials, wait ${waitMin}:${waitMax}, check_cmd haproxy -c, exec-mode SIGUSR2 reload)`,
  );
  console.log(`  from spawning \`confetti register\`: ${fmt(fromSpawn)}`);
  console.log(`  from the key write (lease put):     ${fmt(fromWrite)}`);
  // Render + check_cmd time per written render, from the watch log (the rest is quiescence and HAProxy's reload).
  const renderMs = watch.out
    .split('\n')
    .filter((l) => /render/.test(l) && /written/.test(l))
    .map((l) => Number(/\bms"?[=:]\s*([\d.]+)/.exec(l)?.[1]))
    .filter((n) => n > 0);
  if (renderMs.length > 0)
    console.log(`  of which render + check_cmd:        p50 ${percentile(renderMs, 50).toFixed(0)} ms (${renderMs.length} renders)`);
  watch.kill('SIGTERM');
  await watch.done;
  await base.close();
} finally {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.done));
  rmSync(dir, { recursive: true, force: true });
}

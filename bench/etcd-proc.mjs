// A throwaway single-member etcd for benchmarks: free loopback ports, temp data dir, stopped by PID, dir removed.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
  });
}

/** Keep-alive HTTP client for one base URL; `maxSockets` bounds how many requests are in flight. */
export function httpClient(base, { maxSockets = 16 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = (method, path, body, contentType) =>
    new Promise((resolve, reject) => {
      const headers = body === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
      const req = http.request(`${base}${path}`, { method, agent, headers }, (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (c) => (text += c))
          .on('end', () => {
            if (res.statusCode >= 400) reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
            else resolve(text ? JSON.parse(text) : {});
          });
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    base,
    post: (path, json) => request('POST', path, JSON.stringify(json), 'application/json'),
    form: (method, path, fields) => request(method, path, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded'),
    get: (path) => request('GET', path),
    close: () => agent.destroy(),
  };
}

/** Start etcd (v2 API enabled, large quota, revision auto-compaction); resolves once it answers a range request. */
export async function startEtcd({ bin = process.env.ETCD_BIN ?? '/usr/bin/etcd' } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'confetti-bench-etcd-'));
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const child = spawn(
    bin,
    [
      '--name',
      'bench',
      '--data-dir',
      join(dir, 'data'),
      '--enable-v2=true',
      '--listen-client-urls',
      url,
      '--advertise-client-urls',
      url,
      '--listen-peer-urls',
      peerUrl,
      '--initial-advertise-peer-urls',
      peerUrl,
      '--initial-cluster',
      `bench=${peerUrl}`,
      // 100k+ revisions per run: keep the last 20k and allow 8 GiB so the quota alarm never trips mid-bench.
      '--auto-compaction-mode',
      'revision',
      '--auto-compaction-retention',
      '20000',
      '--quota-backend-bytes',
      String(8 * 1024 ** 3),
      '--log-level',
      'error',
      '--logger',
      'zap',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c) => (stderr = (stderr + c).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const probe = httpClient(url, { maxSockets: 1 });
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`etcd exited ${child.exitCode}: ${stderr}`);
      try {
        await probe.post('/v3/kv/range', { key: Buffer.from('x').toString('base64') });
        break;
      } catch (error) {
        if (i > 200) throw new Error(`etcd at ${url} did not answer within 10 s: ${stderr}`, { cause: error });
        await sleep(50);
      }
    }
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
    throw error;
  } finally {
    probe.close();
  }
  return {
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) {
        process.kill(child.pid, 'SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

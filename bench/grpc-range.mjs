// node bench/grpc-range.mjs — etcd v3 snapshot read over gRPC (node:http2 + a small protobuf codec of our own) against
// the JSON gateway (node:http + JSON + base64, what confetti 0.1 did), on one etcd with 10 and 10,000 keys.
// Each case runs in fresh processes, interleaved: wall time, CPU time and peak RSS of a process that only imports,
// connects and reads the prefix once (import + connect + first read timed inside it); then one process per mode
// reads RUNS more times warm (median).
// Also the import cost of protobufjs when PROTOBUFJS=/path/to/node_modules/protobufjs is given (it is not a dependency).
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startEtcd, httpClient } from './etcd-proc.mjs';
import { cleanupProbe, measureNode, median } from './lib.mjs';

const self = fileURLToPath(import.meta.url);
const RUNS = Number(process.env.RUNS ?? 10);

// ---- a minimal protobuf codec: the RangeRequest/RangeResponse/KeyValue/ResponseHeader fields the snapshot needs ----

function varint(out, n) {
  let v = BigInt(n);
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}
function bytesField(out, field, buf) {
  out.push((field << 3) | 2);
  varint(out, buf.length);
  for (const b of buf) out.push(b);
}
function intField(out, field, n) {
  if (BigInt(n) === 0n) return;
  out.push(field << 3);
  varint(out, n);
}
export function encodeRange({ key, rangeEnd, limit = 0, revision = 0n }) {
  const out = [];
  bytesField(out, 1, key);
  if (rangeEnd) bytesField(out, 2, rangeEnd);
  intField(out, 3, limit);
  intField(out, 4, revision);
  return Buffer.from(out);
}

/** Reads varints as numbers (exact below 2^53: revisions, lengths) and skips what it does not know. */
class Reader {
  constructor(buf, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }
  varint() {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
  }
  skip(wire) {
    if (wire === 0) this.varint();
    else if (wire === 2) this.pos += this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 5) this.pos += 4;
    else throw new Error(`wire type ${wire}`);
  }
}

export function decodeRangeResponse(buf, onKv) {
  const r = new Reader(buf);
  let revision = 0;
  let more = false;
  while (r.pos < r.end) {
    const tag = r.varint();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) {
      const len = r.varint();
      const h = new Reader(buf, r.pos, r.pos + len);
      while (h.pos < h.end) {
        const t = h.varint();
        if (t === 3 << 3) revision = h.varint();
        else h.skip(t & 7);
      }
      r.pos += len;
    } else if (field === 2 && (tag & 7) === 2) {
      const len = r.varint();
      const end = r.pos + len;
      let ks = 0,
        ke = 0,
        vs = 0,
        ve = 0;
      while (r.pos < end) {
        const t = r.varint();
        if (t === ((1 << 3) | 2)) {
          const l = r.varint();
          ks = r.pos;
          ke = r.pos += l;
        } else if (t === ((5 << 3) | 2)) {
          const l = r.varint();
          vs = r.pos;
          ve = r.pos += l;
        } else r.skip(t & 7);
      }
      onKv(buf, ks, ke, vs, ve);
    } else if (tag === 3 << 3) more = r.varint() !== 0;
    else r.skip(tag & 7);
  }
  return { revision, more };
}

// ---- a unary gRPC call over one HTTP/2 session ----

function grpcUnary(session, path, message) {
  return new Promise((resolve, reject) => {
    const req = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
    const frame = Buffer.allocUnsafe(5 + message.length);
    frame[0] = 0;
    frame.writeUInt32BE(message.length, 1);
    message.copy(frame, 5);
    const chunks = [];
    let status;
    let grpcMessage;
    const take = (h) => {
      if (h['grpc-status'] !== undefined) {
        status = Number(h['grpc-status']);
        grpcMessage = decodeURIComponent(String(h['grpc-message'] ?? ''));
      }
    };
    req.on('response', take);
    req.on('trailers', take);
    req.on('data', (c) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      if (status !== 0) return reject(new Error(`${path}: grpc-status ${status} ${grpcMessage}`));
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      resolve(body.subarray(5, 5 + body.readUInt32BE(1)));
    });
    req.end(frame);
  });
}

// ---- the cases, each run inside a child process ----

const WINDOW = Number(process.env.WINDOW ?? 16 * 1024 * 1024);
const keyAfter = (k) => Buffer.concat([k, Buffer.from([0])]);
const { isUtf8 } = await import('node:buffer');

async function readGrpc(session, prefix, pageSize, start) {
  const keys = new Map();
  let from = start ?? Buffer.from(`${prefix}/`);
  const rangeEnd = Buffer.from(`${prefix}0`);
  let revision = 0n;
  for (;;) {
    const res = await grpcUnary(session, '/etcdserverpb.KV/Range', encodeRange({ key: from, rangeEnd, limit: pageSize, revision }));
    let lastKs = 0,
      lastKe = 0;
    const { revision: rev, more } = decodeRangeResponse(res, (buf, ks, ke, vs, ve) => {
      const value = buf.subarray(vs, ve);
      if (!isUtf8(value)) throw new Error('invalid utf8');
      keys.set(buf.toString('utf8', ks, ke), buf.toString('utf8', vs, ve));
      lastKs = ks;
      lastKe = ke;
    });
    if (revision === 0n) revision = BigInt(rev);
    if (!more) return keys;
    from = keyAfter(Buffer.from(res.subarray(lastKs, lastKe)));
  }
}

async function readGateway(agent, http, url, prefix, pageSize, onePage = false) {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const keys = new Map();
  let from = Buffer.from(`${prefix}/`);
  const rangeEnd = Buffer.from(`${prefix}0`).toString('base64');
  let revision;
  for (;;) {
    const body = JSON.stringify({ key: from.toString('base64'), range_end: rangeEnd, limit: pageSize, ...(revision ? { revision } : {}) });
    const text = await new Promise((resolve, reject) => {
      const req = http.request(
        `${url}/v3/kv/range`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let t = '';
          res
            .setEncoding('utf8')
            .on('data', (c) => (t += c))
            .on('end', () => resolve(t));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const res = JSON.parse(text);
    revision ??= res.header.revision;
    for (const kv of res.kvs ?? [])
      keys.set(Buffer.from(kv.key, 'base64').toString('utf8'), strict.decode(Buffer.from(kv.value ?? '', 'base64')));
    if (!res.more) return onePage ? { keys, more: false } : keys;
    from = keyAfter(Buffer.from(res.kvs.at(-1).key, 'base64'));
    if (onePage) return { keys, more: true, next: from };
  }
}

async function child(mode, url, prefix, warm) {
  const t0 = performance.now();
  const pageSize = mode.endsWith('-all') ? 0 : mode.endsWith('-10k') ? 10_000 : 1000;
  let read;
  let close;
  if (mode === 'hybrid') {
    // What confetti does: the first 500 keys through the gateway, the rest over gRPC (pages of 5000) only if there are more.
    const http = (await import('node:http')).default;
    const agent = new http.Agent({ keepAlive: true });
    let session;
    read = async () => {
      const first = await readGateway(agent, http, url, prefix, 500, true);
      if (!first.more) return first.keys;
      if (!session) {
        const http2 = await import('node:http2');
        session = http2.connect(url, { settings: { initialWindowSize: WINDOW } });
        await new Promise((resolve, reject) => session.once('connect', resolve).once('error', reject));
        session.setLocalWindowSize(WINDOW);
      }
      const rest = await readGrpc(session, prefix, 5000, first.next);
      for (const [k, v] of rest) first.keys.set(k, v);
      return first.keys;
    };
    close = () => {
      agent.destroy();
      session?.close();
    };
  } else if (mode.startsWith('grpc')) {
    const http2 = await import('node:http2');
    // etcd sends a 10,000-key answer (~400 KB) at once only if our windows allow it (HTTP/2's default is 64 KiB).
    const session = http2.connect(url, { settings: { initialWindowSize: WINDOW } });
    await new Promise((resolve, reject) => session.once('connect', resolve).once('error', reject));
    session.setLocalWindowSize(WINDOW);
    read = () => readGrpc(session, prefix, pageSize);
    close = () => session.close();
  } else {
    const http = (await import('node:http')).default;
    const agent = new http.Agent({ keepAlive: true });
    read = () => readGateway(agent, http, url, prefix, pageSize);
    close = () => agent.destroy();
  }
  const t1 = performance.now();
  const first = await read();
  const t2 = performance.now();
  const times = [];
  for (let i = 0; i < warm; i++) {
    const s = performance.now();
    await read();
    times.push(performance.now() - s);
  }
  close();
  const cpu = process.cpuUsage();
  const out = { setupMs: t1 - t0, firstMs: t2 - t1, warmMs: warm ? median(times) : 0, keys: first.size };
  // CPU time of the whole process (start-up included): steadier than wall time on a shared, busy machine.
  process.stdout.write(JSON.stringify({ ...out, cpuMs: (cpu.user + cpu.system) / 1000, rssKiB: process.resourceUsage().maxRSS }));
}

if (process.argv[2] === 'child') {
  await child(process.argv[3], process.argv[4], process.argv[5], Number(process.argv[6] ?? 0));
} else {
  await main();
}

async function main() {
  const etcd = await startEtcd();
  const http = httpClient(etcd.url);
  const b64 = (s) => Buffer.from(s).toString('base64');
  const rows = [];
  try {
    for (const [prefix, n] of [
      ['/small', 10],
      ['/app', 10_000],
    ]) {
      const puts = Array.from({ length: n }, (_, i) => ({
        request_put: { key: b64(`${prefix}/key${String(i).padStart(5, '0')}`), value: b64(`value-${i}`) },
      }));
      for (let i = 0; i < puts.length; i += 100) await http.post('/v3/kv/txn', { success: puts.slice(i, i + 100) });
    }
    const modes = (process.env.MODES ?? 'gateway,gateway-10k,grpc,grpc-10k,grpc-all,hybrid').split(',');
    for (const [prefix, n] of [
      ['/small', 10],
      ['/app', 10_000],
    ]) {
      const results = Object.fromEntries(modes.map((m) => [m, { cold: { ms: [], rssKiB: [], cpuMs: [], readMs: [] } }]));
      // Interleave the modes so load changes on the shared machine hit each alike.
      for (let i = 0; i < RUNS; i++) {
        for (const mode of modes) {
          const t0 = performance.now();
          const r = spawnSync(process.execPath, [self, 'child', mode, etcd.url, prefix, '0'], { encoding: 'utf8' });
          const ms = performance.now() - t0;
          const out = JSON.parse(r.stdout);
          const cold = results[mode].cold;
          cold.ms.push(ms);
          cold.rssKiB.push(out.rssKiB);
          cold.cpuMs.push(out.cpuMs);
          cold.readMs.push(out.setupMs + out.firstMs);
        }
      }
      for (const mode of modes) {
        const r = spawnSync(process.execPath, [self, 'child', mode, etcd.url, prefix, String(RUNS)], { encoding: 'utf8' });
        const inner = JSON.parse(r.stdout);
        if (inner.keys !== n) throw new Error(`${mode} read ${inner.keys} keys, expected ${n}`);
        const m = results[mode];
        rows.push([
          `${n} keys`,
          mode,
          median(m.cold.ms),
          median(m.cold.cpuMs),
          median(m.cold.rssKiB) / 1024,
          median(m.cold.readMs),
          inner.warmMs,
        ]);
      }
    }
  } finally {
    http.close();
    await etcd.stop();
  }
  const base = measureNode(['-e', '0'], { runs: RUNS });
  let pbjs = '';
  if (process.env.PROTOBUFJS) {
    const imp = measureNode(['-e', `require(${JSON.stringify(process.env.PROTOBUFJS)})`], { runs: RUNS });
    const min = measureNode(['-e', `require(${JSON.stringify(`${process.env.PROTOBUFJS}/minimal`)})`], { runs: RUNS });
    pbjs =
      `; protobufjs require: +${(median(imp.ms) - median(base.ms)).toFixed(1)} ms (full), +${(median(min.ms) - median(base.ms)).toFixed(1)} ms (minimal), ` +
      `peak RSS ${(median(imp.rssKiB) / 1024).toFixed(1)} / ${(median(min.rssKiB) / 1024).toFixed(1)} MiB`;
  }
  cleanupProbe();
  console.log(
    `node ${process.version}, ${RUNS} runs per case (interleaved), load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(`node -e 0: ${median(base.ms).toFixed(1)} ms, ${(median(base.rssKiB) / 1024).toFixed(1)} MiB${pbjs}`);
  console.log('modes: gateway = JSON /v3/kv/range pages of 1000; -10k = pages of 10,000; grpc = KV/Range over node:http2; -all = no limit');
  console.log('modes: hybrid = the first 500 keys through the gateway, the rest over gRPC in pages of 5000 (what confetti does)');
  console.log('| keys | mode | process wall ms | process CPU ms | peak RSS MiB | import + connect + first read ms | warm read ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [n, mode, ms, cpu, rss, read, warm] of rows) {
    console.log(`| ${n} | ${mode} | ${ms.toFixed(1)} | ${cpu.toFixed(0)} | ${rss.toFixed(1)} | ${read.toFixed(1)} | ${warm.toFixed(2)} |`);
  }
}

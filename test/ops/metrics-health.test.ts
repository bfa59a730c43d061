// /metrics, /readyz, /healthz, /status and / against a real etcd, with the built CLI.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { DaemonProcess, get, isRender, parseMetrics, useEtcdWithDaemons } from './daemon-process.js';

const tempDir = useTempDirs('confetti-ops-');
const ops = useEtcdWithDaemons();
const { daemons } = ops;

afterEach(async () => {
  const m = ops.etcd.members[0];
  if (m && !m.running) {
    m.start();
    await ops.etcd.waitHealthy(m);
  }
});

async function confdir(prefix: string): Promise<{ dir: string; confdir: string }> {
  const dir = await tempDir();
  const conf = join(dir, 'etc');
  await mkdir(join(conf, 'conf.d'), { recursive: true });
  await mkdir(join(conf, 'templates'), { recursive: true });
  await writeFile(join(conf, 'templates', 'app.hbs'), `{{#each (gets "${prefix}/*")}}{{base key}}={{value}}\n{{/each}}`);
  await writeFile(
    join(conf, 'conf.d', 'app.yaml'),
    `src: app.hbs\ndest: ${join(dir, 'app.conf')}\nkeys: ["${prefix}"]\ncheck_cmd: "test -s {{src}}"\n`,
  );
  return { dir, confdir: conf };
}

function start(conf: string, extra: string[] = []): DaemonProcess {
  const d = new DaemonProcess([
    '--confdir',
    conf,
    '--endpoints',
    ops.etcd.endpoints.join(','),
    '--listen',
    '0',
    '--no-watch-config',
    ...extra,
  ]);
  daemons.push(d);
  return d;
}

describe('ops endpoints', () => {
  it('serves Prometheus metrics that parse and count renders, commands, revision and keys', async () => {
    const { confdir: conf } = await confdir('/m1');
    await ops.etcd.put('/m1/a', 'secret-value-1');
    await ops.etcd.put('/m1/b', 'secret-value-2');
    const d = start(conf);
    await d.log(isRender('app', 'written'), 'first render');
    const url = await d.baseUrl();
    const res = await get(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain/);
    const m = parseMetrics(res.body);
    expect(m.get('confetti_renders_total{outcome="written",resource="app"}')).toBe(1);
    expect(m.get('confetti_render_duration_seconds_count{resource="app"}')).toBe(1);
    expect(m.get('confetti_commands_total{kind="check",outcome="ok"}')).toBe(1);
    expect(m.get('confetti_backend_up{backend="etcd"}')).toBe(1);
    expect(m.get('confetti_mirror_keys')).toBe(2);
    expect(m.get('confetti_last_applied_revision')).toBe(Number(await ops.etcd.revision()));
    expect(m.get('confetti_resource_seconds_since_match{resource="app"}')).toBe(0);
    expect(m.get('confetti_ready')).toBe(1);
    expect(m.has('process_cpu_user_seconds_total')).toBe(true);
    expect(m.has('confetti_backend_reconnects_total{backend="etcd"}')).toBe(true);

    const rev = await ops.etcd.revision();
    await ops.etcd.put('/m1/c', 'secret-value-3');
    await d.log((r) => isRender('app', 'written')(r) && BigInt(String(r.revision)) > rev, 'render after put');
    const after = parseMetrics((await get(`${url}/metrics`)).body);
    expect(after.get('confetti_renders_total{outcome="written",resource="app"}')).toBe(2);
    expect(after.get('confetti_mirror_keys')).toBe(3);
  });

  it('reports /status as JSON and / as HTML without key values', async () => {
    const { dir, confdir: conf } = await confdir('/s1');
    await ops.etcd.put('/s1/a', 'do-not-print-me');
    const d = start(conf);
    await d.log(isRender('app', 'written'), 'first render');
    const url = await d.baseUrl();
    const status = await get(`${url}/status`);
    expect(status.status).toBe(200);
    const doc = JSON.parse(status.body) as { ready: boolean; resources: Array<Record<string, unknown>>; backend: Record<string, unknown> };
    expect(doc.ready).toBe(true);
    expect(doc.backend).toMatchObject({ name: 'etcd', connected: true });
    expect(doc.resources).toEqual([
      expect.objectContaining({
        name: 'app',
        dest: join(dir, 'app.conf'),
        lastOutcome: 'written',
        revision: String(await ops.etcd.revision()),
        inSync: true,
        templateHash: expect.stringMatching(/^[0-9a-f]{12}$/),
      }),
    ]);
    expect(doc.resources[0]?.lastChangeAt).toEqual(expect.any(String));
    const page = await get(`${url}/`);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.body).toContain(join(dir, 'app.conf'));
    for (const body of [status.body, page.body, d.stderr]) expect(body).not.toContain('do-not-print-me');
    expect((await get(`${url}/healthz`)).status).toBe(200);
    expect((await get(`${url}/nope`)).status).toBe(404);
  });

  it('flips /readyz: 503 before the first render, 200 after, 503 while etcd is down, 200 once it is back', async () => {
    const { confdir: conf } = await confdir('/r1');
    await ops.etcd.put('/r1/a', '1');
    const member = ops.etcd.members[0];
    if (!member) throw new Error('no member');
    await member.stop();
    const d = start(conf, ['--dial-timeout', '500ms', '--request-timeout', '1s']);
    const url = await d.baseUrl();
    const before = await get(`${url}/readyz`);
    expect(before.status).toBe(503);
    expect(before.body).toMatch(/not ready: starting/);
    expect((await get(`${url}/healthz`)).status).toBe(200);

    member.start();
    await ops.etcd.waitHealthy(member);
    await d.log(isRender('app', 'written'), 'first render');
    await waitFor(async () => (await get(`${url}/readyz`)).status === 200, '/readyz 200 after the first render');

    await member.stop();
    const down = await waitFor(async () => {
      const r = await get(`${url}/readyz`);
      return r.status === 503 ? r : undefined;
    }, '/readyz 503 while etcd is down');
    expect(down.body).toMatch(/backend etcd disconnected/);
    expect(parseMetrics((await get(`${url}/metrics`)).body).get('confetti_backend_up{backend="etcd"}')).toBe(0);

    member.start();
    await ops.etcd.waitHealthy(member);
    await waitFor(async () => (await get(`${url}/readyz`)).status === 200, '/readyz 200 after etcd is back', 20_000);
    const m = parseMetrics((await get(`${url}/metrics`)).body);
    expect(m.get('confetti_backend_reconnects_total{backend="etcd"}')).toBeGreaterThanOrEqual(1);
    expect(m.get('confetti_backend_up{backend="etcd"}')).toBe(1);
    // the outage is logged once, not once per retry
    expect(d.find((r) => r.msg === 'backend disconnected').length).toBeLessThanOrEqual(2);
  });
});

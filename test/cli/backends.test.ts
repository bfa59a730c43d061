// One template rendered by the CLI from every backend (etcd v3, etcd v2, file, env), and the pieces it loads on
// first use: node:dns (lookupIP) and jsdiff (--dry-run). Runs against every CLI runner (vitest.config.ts projects).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { writeConfdir } from './confdir.js';
import { runCli } from './run-cli.js';

let etcd: EtcdCluster;
beforeAll(async () => {
  etcd = await startEtcd();
  for (const [key, value] of [
    ['/app/port', '8080'],
    ['/app/hosts/a', '10.0.0.1'],
    ['/app/hosts/b', '10.0.0.2'],
  ] as const) {
    await etcd.put(key, value);
    const res = await fetch(`${etcd.endpoints[0]}/v2/keys${key}`, { method: 'PUT', body: new URLSearchParams({ value }) });
    if (!res.ok) throw new Error(`v2 put ${key}: HTTP ${res.status}`);
  }
}, 30_000);
afterAll(async () => etcd?.stop());

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'confetti-backends-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const expected = 'port 8080\nserver a 10.0.0.1\nserver b 10.0.0.2\nlocalhost 127.0.0.1\n';

async function scene(): Promise<{ confdir: string; data: string }> {
  return writeConfdir(dir, {
    resources: { 'app.yaml': 'src: app.hbs\ndest: out/app.conf\ncreate_dirs: true\nkeys: [/app]\n' },
    templates: {
      'app.hbs':
        'port {{getv "/app/port"}}\n{{#each (gets "/app/hosts/*")}}server {{base key}} {{value}}\n{{/each}}' +
        'localhost {{join (lookupIPV4 "localhost") ","}}\n',
    },
    data: { app: { port: 8080, hosts: { a: '10.0.0.1', b: '10.0.0.2' } } },
  });
}

describe('confetti render on every backend', () => {
  const cases: Array<{ backend: string; args: (data: string) => string[]; env?: Record<string, string> }> = [
    { backend: 'etcd', args: () => ['--endpoints', etcd.endpoints.join(',')] },
    { backend: 'etcdv2', args: () => ['--endpoints', etcd.endpoints.join(',')] },
    { backend: 'file', args: (data) => ['--file', data] },
    { backend: 'env', args: () => [], env: { APP_PORT: '8080', APP_HOSTS_A: '10.0.0.1', APP_HOSTS_B: '10.0.0.2' } },
  ];
  it.each(cases)('renders from $backend, then --dry-run shows a diff of a change', async ({ backend, args, env }) => {
    const { confdir, data } = await scene();
    const r = await runCli(['render', '--confdir', confdir, '--backend', backend, ...args(data)], { env });
    expect(r.stdout).toMatch(/^written +app /m);
    expect(r.code).toBe(0);
    expect(await readFile(join(confdir, 'out/app.conf'), 'utf8')).toBe(expected);

    await writeFile(join(confdir, 'out/app.conf'), 'port 1\n');
    const dry = await runCli(['render', '--confdir', confdir, '--backend', backend, '--dry-run', ...args(data)], { env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('-port 1\n+port 8080');
    expect(await readFile(join(confdir, 'out/app.conf'), 'utf8')).toBe('port 1\n');
  });
});

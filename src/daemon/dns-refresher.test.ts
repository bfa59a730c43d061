import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DnsCache } from '../dns/dns-cache.js';
import { FakeResolver } from '../dns/test-support.js';
import { SILENT_LOGGER } from '../log/logger.js';
import { TemplateStore } from '../template/template-store.js';
import { testResource } from '../../test/support/daemon.js';
import { CycleQueue } from '../../test/support/cycle-queue.js';
import { MemorySource } from '../../test/support/memory-source.js';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { runWatchDaemon } from './watch-daemon.js';

const tempDir = useTempDirs();
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function startDaemon(dir: string, resolver: FakeResolver, dnsRefreshMs: number) {
  const web = testResource(dir, 'web', ['/web']);
  const db = testResource(dir, 'db', ['/db']);
  const cycles = new CycleQueue();
  const stop = new AbortController();
  const dns = new DnsCache({ resolver, logger: SILENT_LOGGER, timeoutMs: 1_000 });
  const done = runWatchDaemon(
    {
      resources: [web, db],
      source: new MemorySource({ '/web/port': '80', '/db/port': '5432' }),
      logger: SILENT_LOGGER,
      defaultWait: undefined,
      intervalMs: undefined,
      dnsRefreshMs,
      deps: {
        templates: new TemplateStore(),
        env: {},
        logger: SILENT_LOGGER,
        options: { syncOnly: false, keepStageFile: false, dryRun: false, maxOutputSize: 1 << 20 },
        dns,
      },
      observer: { onCycle: cycles.push },
    },
    { stop: stop.signal, force: new AbortController().signal },
  );
  stops.push(async () => {
    stop.abort();
    await done;
  });
  return { web, db, cycles };
}

describe('watch: DNS refresh', () => {
  it('re-renders, within the refresh period, only the resource that read an answer which changed', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'web.hbs'), '{{#each (lookupIP "web.test")}}server {{this}}:{{getv "/web/port"}}\n{{/each}}');
    await writeFile(join(dir, 'db.hbs'), '{{#each (lookupSRV "pg" "tcp" "db.test")}}{{target}}:{{port}}\n{{/each}}');
    const resolver = new FakeResolver();
    resolver.ips.set('web.test', ['10.0.0.2']);
    const d = startDaemon(dir, resolver, 50);
    const first = await d.cycles.next();
    expect(first.results.map((r) => [r.resource.name, r.outcome])).toEqual([
      ['web', 'written'],
      ['db', 'written'],
    ]);
    expect(await readFile(d.web.dest, 'utf8')).toBe('server 10.0.0.2:80\n');
    expect(await readFile(d.db.dest, 'utf8')).toBe('');

    resolver.ips.set('web.test', ['10.0.0.3', '10.0.0.2']);
    const started = Date.now();
    const next = await d.cycles.next();
    expect(next.results.map((r) => [r.resource.name, r.outcome])).toEqual([['web', 'written']]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await readFile(d.web.dest, 'utf8')).toBe('server 10.0.0.2:80\nserver 10.0.0.3:80\n');
  });
});

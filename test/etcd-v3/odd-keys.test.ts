// Keys that differ only by a trailing or doubled "/" are distinct etcd keys: confetti skips them (with a warning naming
// the key) in the snapshot and in the watch alike, so `render` and `watch` always write the same file.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEtcdV3Source } from '../../src/backends/etcd-v3/source.js';
import type { Resource } from '../../src/config/resource.js';
import { runOneShot } from '../../src/daemon/one-shot.js';
import { runWatchDaemon } from '../../src/daemon/watch-daemon.js';
import type { Logger, LogFields } from '../../src/log/logger.js';
import { REFUSED_KEY } from '../../src/mirror/mirror.js';
import { TemplateStore } from '../../src/template/template-store.js';
import { startEtcd, type EtcdCluster } from '../harness/etcd.js';
import { CycleQueue } from '../support/cycle-queue.js';
import { testResource } from '../support/daemon.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();
const TEMPLATE = '{{#each (gets "/odd/*")}}{{key}}={{value}}\n{{/each}}getv={{getv "/odd/trailing" "none"}}\n';

function recorder(): { logger: Logger; warnings: Array<{ msg: string; fields: LogFields | undefined }> } {
  const warnings: Array<{ msg: string; fields: LogFields | undefined }> = [];
  const none = (): void => undefined;
  return { logger: { debug: none, info: none, error: none, warn: (msg, fields) => warnings.push({ msg, fields }) }, warnings };
}

const deps = (logger: Logger) => ({
  templates: new TemplateStore(),
  env: {},
  logger,
  options: { syncOnly: false, keepStageFile: false, dryRun: false, maxOutputSize: 1 << 20 },
});

describe('keys with a trailing or doubled "/" (etcd v3)', () => {
  let etcd: EtcdCluster;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('are skipped with a warning naming the key, and render and watch agree after every change', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'odd.hbs'), TEMPLATE);
    const watched: Resource = testResource(dir, 'odd', ['/odd']);
    const rendered: Resource = { ...watched, dest: join(dir, 'render.out') };
    await etcd.put('/odd/trailing', 'REAL2');
    await etcd.put('/odd/trailing/', 'SECRET-v9');
    await etcd.put('/odd/double', 'D1');
    await etcd.put('/odd//double', 'SECRET-D2');
    await etcd.put('/odd/n', '1');
    const source = createEtcdV3Source({ endpoints: etcd.endpoints, dialTimeoutMs: 1_000, requestTimeoutMs: 3_000 });

    const render = async (): Promise<string> => {
      const { logger, warnings } = recorder();
      await runOneShot({ resources: [rendered], source, deps: deps(logger), logger, waitForDataMs: 0 }, new AbortController().signal);
      expect(warnings.filter((w) => w.msg === REFUSED_KEY).map((w) => w.fields?.key)).toEqual(expect.arrayContaining(['/odd/trailing/']));
      return readFile(rendered.dest, 'utf8');
    };
    expect(await render()).toBe('/odd/double=D1\n/odd/n=1\n/odd/trailing=REAL2\ngetv=REAL2\n');

    const { logger, warnings } = recorder();
    const cycles = new CycleQueue();
    const stop = new AbortController();
    const done = runWatchDaemon(
      {
        resources: [watched],
        source,
        logger,
        defaultWait: undefined,
        intervalMs: undefined,
        deps: deps(logger),
        observer: { onCycle: cycles.push },
      },
      { stop: stop.signal, force: new AbortController().signal },
    );
    const watchOut = (): Promise<string> => readFile(watched.dest, 'utf8').catch(() => '');
    // Each step ends with a put of /odd/n, so one cycle with n=<step> means the watch has seen the whole step.
    // A cycle that ends while the file is being read is not waited for again (it may be the last one).
    const settle = async (n: string): Promise<string> => {
      for (let i = 0; i < 50; i++) {
        const seen = cycles.all.length;
        if ((await watchOut()).includes(`/odd/n=${n}\n`)) break;
        if (cycles.all.length === seen) await cycles.next(() => true, 15_000);
      }
      return watchOut();
    };
    try {
      expect(await settle('1')).toBe(await render());

      await etcd.del('/odd//double'); // a skipped key: /odd/double must stay
      await etcd.put('/odd/n', '2');
      const second = await settle('2');
      expect(second).toBe(await render());
      expect(second).toContain('/odd/double=D1\n');

      await etcd.del('/odd/trailing'); // gone, although /odd/trailing/ is still in etcd
      await etcd.put('/odd/trailing/', 'SECRET-v10');
      await etcd.put('/odd/n', '3');
      const third = await settle('3');
      expect(third).toBe(await render());
      expect(third).toBe('/odd/double=D1\n/odd/n=3\ngetv=none\n');
    } finally {
      stop.abort();
      await done;
      await source.close();
    }
    const refused = warnings.filter((w) => w.msg === REFUSED_KEY).map((w) => w.fields?.key);
    expect(refused.sort()).toEqual(['/odd//double', '/odd/trailing/']); // once each, however often they changed
    expect(JSON.stringify(warnings)).not.toMatch(/SECRET/);
  });
});

import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { View } from '../mirror/view.js';
import { TemplateStore } from '../template/template-store.js';
import { testResource } from '../../test/support/daemon.js';
import { RecordingLogger } from '../../test/support/recording-logger.js';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { runCycle } from './cycle.js';
import type { PipelineDeps } from './render-resource.js';

const tempDir = useTempDirs();

function recorder(): { logger: RecordingLogger; records: RecordingLogger['records'] } {
  const logger = new RecordingLogger();
  return { logger, records: logger.records };
}

describe('runCycle logging', () => {
  it('logs the first good render after a run of check failures at info, even when the file is unchanged', async () => {
    const dir = await tempDir();
    const gate = join(dir, 'gate');
    const app = testResource(dir, 'app', ['/app'], { checkCmd: `test -e ${gate}` });
    await writeFile(app.src, 'x={{getv "/app/x"}}\n');
    const { logger, records } = recorder();
    const deps: PipelineDeps = {
      templates: new TemplateStore(),
      env: {},
      logger,
      failing: new Set(),
      options: { syncOnly: false, keepStageFile: false, dryRun: false, maxOutputSize: 1 << 20 },
    };
    const view = (x: string) => View.fromEntries(1n, [['/app/x', x]]);
    const signal = new AbortController().signal;

    await writeFile(gate, '');
    expect((await runCycle([app], view('1'), deps, signal)).results[0]?.outcome).toBe('written');
    await rm(gate);
    for (let i = 0; i < 3; i++) expect((await runCycle([app], view('2'), deps, signal)).results[0]?.outcome).toBe('failed');
    expect(await readFile(app.dest, 'utf8')).toBe('x=1\n');
    await writeFile(gate, '');
    await access(gate);
    const from = records.length;
    // the store is put back: the old file is right again, so the render is unchanged
    expect((await runCycle([app], view('1'), deps, signal)).results[0]?.outcome).toBe('unchanged');
    const recovery = records.slice(from).filter((r) => r.msg === 'render');
    expect(recovery).toEqual([
      expect.objectContaining({ level: 'info', fields: expect.objectContaining({ outcome: 'unchanged', recovered: true }) }),
    ]);

    // once recovered, unchanged renders are quiet again
    const later = records.length;
    await runCycle([app], view('1'), deps, signal);
    expect(
      records
        .slice(later)
        .filter((r) => r.msg === 'render')
        .map((r) => r.level),
    ).toEqual(['debug']);
  });
});

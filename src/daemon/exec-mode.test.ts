// Exec mode as an observer, with a real child: a shell line that logs its start and each reload signal to a file.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { waitFor } from '../../test/support/wait-for.js';
import type { Resource } from '../config/resource.js';
import { SILENT_LOGGER } from '../log/logger.js';
import type { CycleResult } from './cycle.js';
import { ExecMode } from './exec-mode.js';

const tempDir = useTempDirs('confetti-exec-mode-');
const started: ExecMode[] = [];
afterEach(async () => {
  for (const exec of started.splice(0)) await exec.finish();
});

function cycle(outcome: 'written' | 'unchanged'): CycleResult {
  const resource = { name: 'a' } as Resource;
  return { results: [{ resource, outcome, revision: 2n, ms: 1 }], reloads: [] };
}

function startLogging(dir: string, command?: string): { exec: ExecMode; log: () => Promise<string> } {
  const file = join(dir, 'log');
  const line = command ?? `trap 'echo hup >> ${file}' HUP; echo start >> ${file}; while :; do sleep 0.05; done`;
  const exec = new ExecMode({
    command: line,
    reloadSignal: 'SIGHUP',
    killSignal: 'SIGTERM',
    killTimeoutMs: 2_000,
    restart: false,
    logger: SILENT_LOGGER,
  });
  started.push(exec);
  return { exec, log: () => readFile(file, 'utf8').catch(() => '') };
}

describe('exec mode observer', () => {
  it('starts the child on onReady, not on a cycle before it', async () => {
    const { exec, log } = startLogging(await tempDir());
    exec.onCycle(cycle('written'));
    exec.onReady();
    await waitFor(async () => (await log()) === 'start\n', 'the child to start');
    await exec.finish();
    expect(await log()).toBe('start\n');
  });

  it('reloads the child for a cycle that wrote a file, and not for one that did not', async () => {
    const { exec, log } = startLogging(await tempDir());
    exec.onReady();
    await waitFor(async () => (await log()) === 'start\n', 'the child to start');
    exec.onCycle(cycle('written'));
    await waitFor(async () => (await log()) === 'start\nhup\n', 'the reload signal');
    exec.onCycle(cycle('unchanged'));
    // finish() runs after every queued operation: a reload queued by the unchanged cycle would log before the stop.
    await exec.finish();
    expect(await log()).toBe('start\nhup\n');
  });

  it('aborts `died` when the child exits on its own, and finish() gives its code', async () => {
    const { exec } = startLogging(await tempDir(), 'sleep 0.1; exit 3');
    exec.onReady();
    await new Promise((resolve) => exec.died.addEventListener('abort', resolve, { once: true }));
    expect(await exec.finish()).toBe(3);
  });
});

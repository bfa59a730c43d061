import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordingLogger } from '../../test/support/recording-logger.js';
import { useTempDirs } from '../../test/support/temp-dir.js';
import type { Registrar } from './registrar.js';
import { runRegistration } from './run-registration.js';

const tempDir = useTempDirs();

function recorder(onRecord: () => void): { logger: RecordingLogger; records: RecordingLogger['records'] } {
  const logger = new RecordingLogger(onRecord);
  return { logger, records: logger.records };
}

/** A registrar whose acquire fails `failures` times, then works. */
function flakyRegistrar(failures: number): Registrar {
  let calls = 0;
  return {
    store: 'test',
    acquire: () => (++calls <= failures ? Promise.reject(new Error(`store down (call ${calls})`)) : Promise.resolve()),
    refresh: () => Promise.resolve(true),
    release: () => Promise.resolve(),
    rewrite: () => Promise.resolve(),
    // The key is never deleted by anyone else here: wait until the registration stops.
    waitUntilGone: (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true })),
    close: () => undefined,
  };
}

describe('runRegistration logging', () => {
  it('logs a run of failed store calls once at error, then the recovery once at info', async () => {
    const controller = new AbortController();
    const { logger, records } = recorder(() => undefined);
    const done = runRegistration(
      {
        key: '/svc/a',
        registrar: flakyRegistrar(5),
        ttlMs: 300,
        logger,
        requestTimeoutMs: 1_000,
        onChange: (registered) => registered && controller.abort(),
      },
      controller.signal,
    );
    await done;
    const visible = records.filter((r) => r.level !== 'debug').map((r) => `${r.level} ${r.msg}`);
    expect(visible).toEqual([
      'error registration call failed; retrying',
      'info registered',
      'info registration calls succeed again',
      'info deregistered',
    ]);
    expect(records.find((r) => r.msg === 'registration calls succeed again')?.fields.failures).toBe(5);
  });

  it('logs a failing health check once at warn, repeats at debug, and the pass once at info', async () => {
    const dir = await tempDir();
    const gate = join(dir, 'healthy');
    const controller = new AbortController();
    let opened = false;
    const { logger, records } = recorder(() => {
      // after four failed checks, the service comes up
      if (!opened && records.filter((r) => r.msg.startsWith('health check')).length >= 4) {
        opened = true;
        void writeFile(gate, '');
      }
    });
    await runRegistration(
      {
        key: '/svc/b',
        registrar: flakyRegistrar(0),
        ttlMs: 300,
        logger,
        requestTimeoutMs: 1_000,
        checkCmd: `test -e ${gate}`,
        checkIntervalMs: 20,
        logWindowMs: 0,
        onChange: (registered) => registered && controller.abort(),
      },
      controller.signal,
    );
    const checks = records.filter((r) => r.msg.startsWith('health check'));
    expect(checks.filter((r) => r.level === 'warn').map((r) => r.msg)).toEqual(['health check failed']);
    expect(checks.filter((r) => r.level === 'debug').length).toBeGreaterThanOrEqual(3);
    expect(checks.filter((r) => r.level === 'info').map((r) => r.msg)).toEqual(['health check passes again']);
  });
});

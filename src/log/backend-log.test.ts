import { describe, expect, it } from 'vitest';
import { logBackendEvents } from './backend-log.js';
import { RecordingLogger } from '../../test/support/recording-logger.js';

function recorder(): { logger: RecordingLogger; records: RecordingLogger['records'] } {
  const logger = new RecordingLogger();
  return { logger, records: logger.records };
}

describe('backend event log', () => {
  it('logs a disconnect and the reconnect once, not once per retry', () => {
    const { logger, records } = recorder();
    let t = 0;
    const on = logBackendEvents(logger, 'etcd', { windowMs: 1000, now: () => t });
    on({ type: 'connected', endpoint: 'a' });
    on({ type: 'connected', endpoint: 'a' });
    for (let i = 1; i <= 50; i++) {
      on({ type: 'disconnected', endpoint: 'a', error: new Error('refused') });
      on({ type: 'retry', endpoint: 'a', attempt: i });
      t += 10;
    }
    on({ type: 'connected', endpoint: 'a' });
    const visible = records.filter((r) => r.level !== 'debug');
    expect(visible.map((r) => r.msg)).toEqual(['backend connected', 'backend disconnected', 'backend connected']);
    expect(visible[1]?.fields.error).toBe('refused');
    expect(visible[2]?.fields.retries).toBe(50);
    expect(records.filter((r) => r.level === 'debug')).toHaveLength(1);
  });

  it('rate-limits failover and resync repeats and counts the dropped ones', () => {
    const { logger, records } = recorder();
    let t = 0;
    const on = logBackendEvents(logger, 'etcd', { windowMs: 1000, now: () => t });
    for (let i = 0; i < 5; i++) on({ type: 'failover', endpoint: `e${i}` });
    t = 1500;
    on({ type: 'failover', endpoint: 'e9' });
    on({ type: 'resync', endpoint: 'e9' });
    expect(records.map((r) => [r.msg, r.fields.repeated])).toEqual([
      ['backend failover', undefined],
      ['backend failover', 4],
      ['backend history lost, resyncing', undefined],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { formatTextLine } from './text-format.js';

function capture(format: 'text' | 'json', level: 'debug' | 'info' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, format, write: (line) => lines.push(line) });
  return { logger, lines };
}

describe('logger', () => {
  it('writes one JSON record per call with the fields, revision as a string', () => {
    const { logger, lines } = capture('json');
    logger.info('render', { resource: 'app', dest: '/etc/app.conf', revision: 12n, outcome: 'written', ms: 1.5, skipped: undefined });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 'info',
      msg: 'render',
      resource: 'app',
      dest: '/etc/app.conf',
      revision: '12',
      outcome: 'written',
      ms: 1.5,
    });
    expect(typeof record.time).toBe('string');
    expect(record).not.toHaveProperty('skipped');
    expect(record).not.toHaveProperty('pid');
  });

  it('writes a readable line in text format', () => {
    const { logger, lines } = capture('text');
    logger.warn('render failed', { resource: 'app', error: new Error('check_cmd `x` failed\n  boom') });
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z WARN {2}render failed resource=app error="check_cmd `x` failed\\n {2}boom"\n$/);
  });

  it('drops records below the level and follows setLevel', () => {
    const { logger, lines } = capture('json');
    logger.debug('hidden');
    logger.setLevel('debug');
    logger.debug('shown');
    expect(logger.level).toBe('debug');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
  });

  it('writes nested bigints and errors as text, and keeps the record when a field cannot be serialized', () => {
    const { logger, lines } = capture('json');
    logger.info('cycle', { backend: { revision: 7n, last: new Error('refused') } });
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    logger.error('broken', { loop });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ msg: 'cycle', backend: { revision: '7', last: 'refused' } });
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({
      level: 'error',
      msg: 'broken',
      logError: expect.stringContaining('not serializable'),
    });
  });

  it('never throws in text format either: nested bigints and errors as text, a cycle as a note', () => {
    const { logger, lines } = capture('text');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    logger.info('state', { backend: { revision: 7n, last: new Error('refused') }, loop });
    expect(lines[0]).toMatch(/ INFO {2}state backend=\{"revision":"7","last":"refused"\} loop="\[not serializable: .*\]"\n$/);
  });

  it('keeps its own level, time and msg when a field has one of those names', () => {
    const { logger, lines } = capture('json');
    logger.info('render', { level: 'debug', time: 'never', msg: 'other' });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'info',
      msg: 'render',
      field_level: 'debug',
      field_time: 'never',
      field_msg: 'other',
    });
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(formatTextLine('plain\n')).toBe('plain');
  });
});

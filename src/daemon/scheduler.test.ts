import { describe, expect, it } from 'vitest';
import type { Resource } from '../config/resource.js';
import { RENDER_RETRY } from '../retry/backoff.js';
import { Scheduler } from './scheduler.js';

const RETRY_MIN_MS = RENDER_RETRY.initialMs;

function resource(name: string, prefixes: string[], wait?: Resource['wait']): Resource {
  return {
    name,
    file: `/c/${name}.yaml`,
    src: `/t/${name}.hbs`,
    dest: `/o/${name}`,
    keys: prefixes,
    prefix: '/',
    prefixes,
    mode: undefined,
    uid: undefined,
    gid: undefined,
    checkCmd: undefined,
    reloadCmd: undefined,
    wait,
    backup: false,
    createDirs: false,
    commandTimeoutMs: 60_000,
  };
}

describe('Scheduler', () => {
  const app = resource('app', ['/app']);
  const db = resource('db', ['/db'], { minMs: 100, maxMs: 400 });

  it('marks only resources whose prefixes a key falls under (never a sibling prefix)', () => {
    const s = new Scheduler([app, db], undefined);
    expect(s.affected(['/app/x']).map((r) => r.name)).toEqual(['app']);
    expect(s.affected(['/application/x', '/app-x'])).toEqual([]);
    expect(s.affected(['/db'])).toEqual([db]);
  });

  it('renders a resource without wait as soon as it is marked', () => {
    const s = new Scheduler([app], undefined);
    s.markChanged([app], 1000);
    expect(s.takeDue(1000)).toEqual([app]);
    expect(s.pending).toBe(0);
  });

  it('waits for min of quiet, but never longer than max after the first change', () => {
    const s = new Scheduler([db], undefined);
    s.markChanged([db], 0);
    expect(s.nextDueIn(0)).toBe(100);
    for (let t = 50; t <= 350; t += 50) {
      s.markChanged([db], t);
      expect(s.takeDue(t)).toEqual([]);
    }
    expect(s.nextDueIn(350)).toBe(50); // max (400) beats lastChange + min (450)
    expect(s.takeDue(400)).toEqual([db]);
  });

  it('uses the global default wait for resources without their own', () => {
    const s = new Scheduler([app], { minMs: 200, maxMs: 800 });
    s.markChanged([app], 0);
    expect(s.takeDue(199)).toEqual([]);
    expect(s.takeDue(200)).toEqual([app]);
  });

  it('retries a failure with exponential backoff and resets on success', () => {
    const s = new Scheduler([app], undefined);
    s.settle(app, false, 0);
    expect(s.nextDueIn(0)).toBe(RETRY_MIN_MS);
    expect(s.takeDue(RETRY_MIN_MS)).toEqual([app]);
    s.settle(app, false, RETRY_MIN_MS);
    expect(s.nextDueIn(RETRY_MIN_MS)).toBe(2 * RETRY_MIN_MS);
    expect(s.takeDue(3 * RETRY_MIN_MS)).toEqual([app]);
    s.settle(app, true, 3 * RETRY_MIN_MS);
    expect(s.failures(app)).toBe(0);
    expect(s.pending).toBe(0);
  });

  it('a change during a retry wait renders on the change schedule, not the backoff', () => {
    const s = new Scheduler([app], undefined);
    s.settle(app, false, 0);
    s.markChanged([app], 10);
    expect(s.takeDue(10)).toEqual([app]);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../config/resource.js';
import { testResource } from '../../test/support/daemon.js';
import type { CycleResult } from '../daemon/cycle.js';
import { DaemonState } from './daemon-state.js';
import { buildStatus } from './status.js';

const res = (name: string): Resource =>
  testResource('/c', name, ['/'], { src: `/t/${name}.hbs`, dest: `/d/${name}`, mode: undefined, commandTimeoutMs: 1000 });
const cycle = (resource: Resource, outcome: 'written' | 'failed', revision = 5n): CycleResult => ({
  results: [{ resource, outcome, revision, ms: 1, ...(outcome === 'failed' ? { error: new Error('boom\nmore') } : {}) }],
  reloads: [],
});

describe('DaemonState', () => {
  it('is ready only when running, connected and every resource rendered once', () => {
    const s = new DaemonState('etcd');
    const a = res('a');
    const b = res('b');
    s.onResources([a, b]);
    expect(s.readiness().reason).toMatch(/starting/);
    s.onStoreReachable(true);
    s.onPhase('running');
    expect(s.readiness().reason).toBe('first render not done: a, b');
    s.onCycle(cycle(a, 'written'), new Set());
    s.onCycle(cycle(b, 'failed'), new Set());
    expect(s.readiness().reason).toBe('first render not done: b');
    s.onCycle(cycle(b, 'written'), new Set());
    expect(s.readiness()).toEqual({ ready: true, reason: undefined });
    s.onBackendEvent({ type: 'disconnected', endpoint: 'http://e:1', error: new Error('refused') });
    expect(s.readiness().reason).toBe('backend etcd disconnected: refused');
    s.onBackendEvent({ type: 'connected', endpoint: 'http://e:1' });
    expect(s.readiness().ready).toBe(true);
    expect(s.backend.reconnects).toBe(1);
  });

  it('counts seconds since a resource last matched the store', () => {
    let now = 1_000;
    const s = new DaemonState('etcd', () => now);
    const a = res('a');
    s.onResources([a]);
    now = 2_000;
    s.onCycle(cycle(a, 'written'), new Set());
    const state = () => s.resources[0]!;
    expect(s.secondsSinceMatch(state())).toBe(0);
    s.onChanged(['a'], 3_000);
    now = 5_500;
    expect(s.secondsSinceMatch(state())).toBe(2.5);
    s.onCycle(cycle(a, 'failed'), new Set(['a']));
    now = 6_000;
    expect(s.secondsSinceMatch(state())).toBe(3);
    expect(state().error).toBe('boom');
    s.onCycle(cycle(a, 'written'), new Set());
    expect(s.secondsSinceMatch(state())).toBe(0);
  });

  it('keeps the history of a resource across a reload and drops removed ones', () => {
    const s = new DaemonState('file');
    const a = res('a');
    s.onResources([a]);
    s.onCycle(cycle(a, 'written', 9n), new Set());
    s.onResources([a, res('b')]);
    expect(s.resources.map((r) => [r.name, r.lastOutcome, r.revision])).toEqual([
      ['a', 'written', 9n],
      ['b', 'pending', undefined],
    ]);
    s.onResources([res('b')]);
    expect(s.resources.map((r) => r.name)).toEqual(['b']);
  });

  it('counts a resource file that failed to load as not rendered: listed, and /readyz names it', () => {
    const s = new DaemonState('etcd');
    const a = res('a');
    s.onResources([a]);
    s.onUnloaded([{ file: '/c/broken.yaml', error: '/c/broken.yaml:3: invalid YAML: bad\nmore' }]);
    s.onStoreReachable(true);
    s.onPhase('running');
    s.onCycle(cycle(a, 'written'), new Set());
    expect(s.readiness()).toEqual({ ready: false, reason: 'resource file invalid: /c/broken.yaml' });
    expect(buildStatus(s).resources.map((r) => [r.name, r.file, r.dest, r.lastOutcome, r.error])).toEqual([
      ['a', '/c/a.yaml', '/d/a', 'written', null],
      ['broken', '/c/broken.yaml', null, 'invalid', '/c/broken.yaml:3: invalid YAML: bad'],
    ]);
    s.onUnloaded([]);
    expect(s.readiness().ready).toBe(true);
  });

  it('is not in sync once the dest was edited or deleted by hand', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'confetti-state-'));
    try {
      const a = { ...res('a'), dest: join(dir, 'a.out') };
      await writeFile(a.dest, 'rendered\n');
      const s = new DaemonState('etcd');
      s.onResources([a]);
      s.onCycle(cycle(a, 'written'), new Set());
      expect(buildStatus(s).resources[0]).toMatchObject({ inSync: true, error: null });
      await writeFile(a.dest, 'edited!!\n'); // same size
      expect(buildStatus(s).resources[0]).toMatchObject({ inSync: false, error: expect.stringMatching(/changed outside confetti/) });
      s.onCycle(cycle(a, 'written'), new Set());
      expect(buildStatus(s).resources[0]?.inSync).toBe(true);
      await rm(a.dest);
      expect(buildStatus(s).resources[0]?.inSync).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

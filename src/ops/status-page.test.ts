import { describe, expect, it } from 'vitest';
import type { Resource } from '../config/resource.js';
import { testResource } from '../../test/support/daemon.js';
import { DaemonState } from './daemon-state.js';
import { startOpsServer } from './http-server.js';
import { createMetrics } from './metrics.js';
import { formatAge, renderStatusPage } from './status-page.js';
import { buildStatus } from './status.js';

const res = (name: string): Resource =>
  testResource('/c', name, ['/'], { src: `/t/${name}.hbs`, dest: `/d/${name}`, mode: undefined, commandTimeoutMs: 1000 });

/** A state whose clock reads `now`: started at 0; resource "web & db" written at 100 s, rendered unchanged at 160 s. */
function stateAt(clock: { now: number }): DaemonState {
  const s = new DaemonState('etcd', () => clock.now);
  const a = res('web & db');
  s.onResources([a]);
  clock.now = 100_000;
  s.onCycle({ results: [{ resource: a, outcome: 'written', revision: 7n, ms: 1 }], reloads: [] }, new Set());
  clock.now = 160_000;
  s.onCycle({ results: [{ resource: a, outcome: 'unchanged', revision: 8n, ms: 1 }], reloads: [] }, new Set());
  return s;
}

describe('status page', () => {
  it('shows each time with its age', () => {
    const clock = { now: 0 };
    const state = stateAt(clock);
    const page = renderStatusPage(buildStatus(state), 172_000);
    const cells = /<td>unchanged<\/td><td>(.*?)<\/td><td>(.*?)<\/td>/.exec(page);
    expect(cells?.[1]).toBe(
      '<time datetime="1970-01-01T00:02:40.000Z">1970-01-01T00:02:40.000Z</time> <span class="age">(12 s ago)</span>',
    );
    expect(cells?.[2]).toBe(
      '<time datetime="1970-01-01T00:01:40.000Z">1970-01-01T00:01:40.000Z</time> <span class="age">(72 s ago)</span>',
    );
    expect(page).toMatch(/since <time datetime="1970-01-01T00:00:00.000Z">[^<]*<\/time> <span class="age">\(2 min ago\)/);
  });

  it('refreshes itself', () => {
    const page = renderStatusPage(buildStatus(stateAt({ now: 0 })), 0);
    expect(page).toMatch(/<meta http-equiv="refresh" content="5">/);
  });

  it('links each resource row to its entry in /status', () => {
    const page = renderStatusPage(buildStatus(stateAt({ now: 0 })), 0);
    expect(page).toContain('<td><a href="/status?resource=web%20%26%20db">web &amp; db</a></td>');
  });

  it('formats ages in the largest whole unit up to days', () => {
    expect([0, 12.9, 119, 120, 7_199, 7_200, 172_799, 172_800, -1].map(formatAge)).toEqual([
      '0 s ago',
      '12 s ago',
      '119 s ago',
      '2 min ago',
      '119 min ago',
      '2 h ago',
      '47 h ago',
      '2 d ago',
      'in the future',
    ]);
  });
});

describe('GET /status?resource=NAME', () => {
  it("answers that resource's entry of /status, and 404 for an unknown name", async () => {
    const state = stateAt({ now: 0 });
    const server = await startOpsServer({ listen: { host: '127.0.0.1', port: 0 }, state, metrics: createMetrics(state) });
    try {
      const base = `http://127.0.0.1:${server.address.port}`;
      const whole = (await (await fetch(`${base}/status`)).json()) as { resources: unknown[] };
      const one = await fetch(`${base}/status?resource=${encodeURIComponent('web & db')}`);
      expect(one.status).toBe(200);
      expect(await one.json()).toEqual(whole.resources[0]);
      expect(await (await fetch(`${base}/status?resource=web`)).json().catch(() => null)).toBeNull();
      const missing = await fetch(`${base}/status?resource=nope`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('no resource named "nope"');
    } finally {
      await server.close();
    }
  });
});

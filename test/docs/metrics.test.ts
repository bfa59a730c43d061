// docs/operations.md against the metrics registered in code, and the alert rules against both.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DaemonState } from '../../src/ops/daemon-state.js';
import { createMetrics } from '../../src/ops/metrics.js';

const ROOT = resolve(import.meta.dirname, '../..');
const operations = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
const alerts = readFileSync(join(ROOT, 'deploy/prometheus/confetti-alerts.yaml'), 'utf8');

/** Our own metrics (prom-client's process_* and nodejs_* are documented as a family). */
const registered = createMetrics(new DaemonState('etcd'))
  .registry.getMetricsAsArray()
  .map((m) => m.name)
  .filter((n) => n.startsWith('confetti_'));
/** Names a text mentions; a histogram's series (_bucket, _sum, _count) count as the histogram. */
const mentioned = (text: string): string[] => [
  ...new Set((text.match(/confetti_[a-z_]+/g) ?? []).map((n) => n.replace(/_(bucket|sum|count)$/, ''))),
];
/** The first cells of the metrics table. */
const tableNames = [...operations.matchAll(/^\| `(confetti_[a-z_]+)` \|/gm)].map((m) => m[1] ?? '');

describe('metrics in docs/operations.md', () => {
  it('has a row for every metric registered in code', () => {
    expect(registered.length).toBeGreaterThanOrEqual(11);
    expect([...tableNames].sort()).toEqual([...registered].sort());
  });

  it('mentions no metric that does not exist, and neither do the alert rules', () => {
    expect(mentioned(operations).filter((n) => !registered.includes(n))).toEqual([]);
    expect(mentioned(alerts).filter((n) => !registered.includes(n))).toEqual([]);
  });

  it('documents every alert of deploy/prometheus/confetti-alerts.yaml', () => {
    const names = [...alerts.matchAll(/- alert: (\w+)/g)].map((m) => m[1] ?? '');
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) expect(operations).toContain(`| \`${name}\` |`);
  });
});

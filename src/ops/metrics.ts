// Prometheus metrics (prom-client) on a registry of our own: counters from cycles, gauges read from the daemon state at scrape.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CycleResult } from '../daemon/cycle.js';
import type { DaemonObserver } from '../daemon/observer.js';
import { outcomeLabel } from '../daemon/outcome-label.js';
import { CheckFailedError, type CommandOutcome } from '../errors.js';
import type { DaemonState } from './daemon-state.js';

export interface Metrics {
  registry: Registry;
  observer: DaemonObserver;
}

const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(state: DaemonState): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const renders = new Counter({
    name: 'confetti_renders_total',
    help: 'Renders by resource and outcome',
    labelNames: ['resource', 'outcome'] as const,
    registers,
  });
  const renderSeconds = new Histogram({
    name: 'confetti_render_duration_seconds',
    help: 'Render + output time per resource (check_cmd included)',
    labelNames: ['resource'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const commands = new Counter({
    name: 'confetti_commands_total',
    help: 'check and reload commands by kind and outcome (ok, failed, timeout)',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });
  const commandSeconds = new Histogram({
    name: 'confetti_command_duration_seconds',
    help: 'check and reload command run time',
    labelNames: ['kind'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const backend = { backend: state.backend.name };
  new Gauge({
    name: 'confetti_backend_up',
    help: '1 when the backend is connected',
    labelNames: ['backend'] as const,
    registers,
    collect() {
      this.set(backend, state.backend.connected === true ? 1 : 0);
    },
  });
  new Counter({
    name: 'confetti_backend_reconnects_total',
    help: 'Reconnections after the backend was lost',
    labelNames: ['backend'] as const,
    registers,
    collect() {
      this.reset();
      this.inc(backend, state.backend.reconnects);
    },
  });
  new Counter({
    name: 'confetti_backend_resyncs_total',
    help: 'Full re-reads because watch history was lost',
    labelNames: ['backend'] as const,
    registers,
    collect() {
      this.reset();
      this.inc(backend, state.backend.resyncs);
    },
  });
  new Gauge({
    name: 'confetti_last_applied_revision',
    help: 'Store revision the mirror has applied',
    registers,
    collect() {
      this.set(state.revision < 0n ? 0 : Number(state.revision));
    },
  });
  new Gauge({
    name: 'confetti_mirror_keys',
    help: 'Keys held in the mirror',
    registers,
    collect() {
      this.set(state.keys);
    },
  });
  new Gauge({
    name: 'confetti_ready',
    help: '1 when /readyz answers 200',
    registers,
    collect() {
      this.set(state.readiness().ready ? 1 : 0);
    },
  });
  new Gauge({
    name: 'confetti_resource_seconds_since_match',
    help: 'Seconds since the resource last matched the store (0 while it does)',
    labelNames: ['resource'] as const,
    registers,
    collect() {
      this.reset();
      state.checkDests();
      for (const s of state.resources) this.set({ resource: s.name }, state.secondsSinceMatch(s));
    },
  });

  const countCommand = (kind: 'check' | 'reload', outcome: CommandOutcome, ok: boolean): void => {
    commands.inc({ kind, outcome: ok ? 'ok' : outcome.timedOut ? 'timeout' : 'failed' });
    commandSeconds.observe({ kind }, outcome.ms / 1000);
  };
  const onCycle = (cycle: CycleResult): void => {
    for (const r of cycle.results) {
      renders.inc({ resource: r.resource.name, outcome: outcomeLabel(r) });
      renderSeconds.observe({ resource: r.resource.name }, r.ms / 1000);
      if (r.check) countCommand('check', r.check, true);
      else if (r.error instanceof CheckFailedError) countCommand('check', r.error.outcome, false);
    }
    for (const reload of cycle.reloads) if (reload.outcome) countCommand('reload', reload.outcome, reload.ok);
  };
  return { registry, observer: { onCycle } };
}

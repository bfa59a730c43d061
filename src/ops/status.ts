// The /status document: per resource dest, last outcome, last change and revision; no key values, only hashes.
import type { DaemonState } from './daemon-state.js';

export interface StatusResource {
  name: string;
  file: string;
  /** null for a resource file that failed to load. */
  dest: string | null;
  template: string | null;
  templateHash: string | undefined;
  lastOutcome: string;
  lastRenderAt: string | null;
  lastChangeAt: string | null;
  revision: string | null;
  inSync: boolean;
  secondsSinceMatch: number;
  error: string | null;
}

export interface StatusDocument {
  phase: string;
  ready: boolean;
  reason: string | null;
  startedAt: string;
  backend: {
    name: string;
    connected: boolean | null;
    endpoint: string | null;
    reconnects: number;
    resyncs: number;
    lastError: string | null;
  };
  revision: string | null;
  keys: number;
  resources: StatusResource[];
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function buildStatus(state: DaemonState, hashOf: (template: string) => string | undefined = () => undefined): StatusDocument {
  state.checkDests();
  const { ready, reason } = state.readiness();
  const b = state.backend;
  return {
    phase: state.phase,
    ready,
    reason: reason ?? null,
    startedAt: new Date(state.startedAt).toISOString(),
    backend: {
      name: b.name,
      connected: b.connected ?? null,
      endpoint: b.endpoint ?? null,
      reconnects: b.reconnects,
      resyncs: b.resyncs,
      lastError: b.lastError ?? null,
    },
    revision: state.revision < 0n ? null : state.revision.toString(),
    keys: state.keys,
    resources: state.resources.map((s) => ({
      name: s.name,
      file: s.file,
      dest: s.dest ?? null,
      template: s.template ?? null,
      templateHash: s.template === undefined ? undefined : hashOf(s.template),
      lastOutcome: s.lastOutcome,
      lastRenderAt: iso(s.lastRenderAt),
      lastChangeAt: iso(s.lastChangeAt),
      revision: s.revision === undefined ? null : s.revision.toString(),
      inSync: s.inSync,
      secondsSinceMatch: Math.round(state.secondsSinceMatch(s) * 10) / 10,
      error: s.error ?? s.configError ?? null,
    })),
  };
}

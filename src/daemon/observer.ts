// What the watch daemon reports as it runs: the only way its events leave it (metrics, /status, /readyz, exec mode,
// sd_notify, tests). Every hook is optional and synchronous; ops/observers.ts combines several observers into one.
import type { Resource } from '../config/resource.js';
import type { CycleResult } from './cycle.js';

/** A resource file that failed to load and has no running version: it counts as a resource not rendered yet. */
export interface UnloadedResource {
  file: string;
  /** The load error, described (file, key, line; never a key value). */
  error: string;
}

export type DaemonPhase = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface DaemonObserver {
  onPhase?(phase: DaemonPhase, error?: unknown): void;
  /** The resources served: at start and after each reload. */
  onResources?(resources: readonly Resource[]): void;
  /** Resource files that failed to load and are not served (at start and after each reload). */
  onUnloaded?(unloaded: readonly UnloadedResource[]): void;
  /** The mirror now holds `keys` keys at `revision` (after a snapshot or an applied change). */
  onMirror?(revision: bigint, keys: number): void;
  /** The store changed under these resources at `at` (ms since epoch); they no longer match it. */
  onChanged?(names: readonly string[], at: number): void;
  /** Each read or watch of the store: true when it succeeded, false (with the error) when it failed; not only on transitions. */
  onStoreReachable?(reachable: boolean, error?: unknown): void;
  /** History was lost and a fresh snapshot replaced the mirror. */
  onResync?(reason: string): void;
  /** A cycle finished; `pending` names resources already dirty again (changed while it ran, or retrying). */
  onCycle?(cycle: CycleResult, pending: ReadonlySet<string>): void;
  /**
   * Once: every served resource has rendered successfully at least once and no resource file is unloaded. It follows
   * the onCycle of the cycle that completed it (or the reload that removed the last unloaded file).
   */
  onReady?(): void;
  /** After a reload: resource files and templates that failed to load (absolute path → error), empty when none did. */
  onConfigProblems?(problems: ReadonlyMap<string, string>): void;
}

// What the watch daemon reports as it runs, for metrics, /status and /readyz; every hook is optional and synchronous.
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
  /** A read of the store failed (true) or succeeded again (false), as the daemon saw it. */
  onStoreReachable?(reachable: boolean, error?: unknown): void;
  /** History was lost and a fresh snapshot replaced the mirror. */
  onResync?(reason: string): void;
  /** A cycle finished; `pending` names resources already dirty again (changed while it ran, or retrying). */
  onCycle?(cycle: CycleResult, pending: ReadonlySet<string>): void;
  /** After a reload: resource files and templates that failed to load (absolute path → error), empty when none did. */
  onConfigProblems?(problems: ReadonlyMap<string, string>): void;
}

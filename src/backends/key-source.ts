// The seam every backend implements (docs/design.md, "The seams"); what it yields is the key vocabulary in src/keys/.
import type { WatchItem } from '../keys/change.js';
import type { Snapshot } from '../keys/snapshot.js';

export interface KeySource {
  /** Short name for logs: "file", "env", "etcd", "etcdv2". */
  readonly name: string;
  /** Everything under the prefixes, consistent at one revision. */
  snapshot(prefixes: string[], opts: { signal: AbortSignal }): Promise<Snapshot>;
  /**
   * Every change after `revision`, in order, grouped by revision; a `resync` item when
   * history is gone and a fresh snapshot is needed. Ends only when the signal aborts.
   * Reconnects internally (with backoff) and resumes from the last revision it yielded.
   */
  watch(prefixes: string[], revision: bigint, opts: { signal: AbortSignal }): AsyncIterable<WatchItem>;
  /** Release sockets, agents, watchers. */
  close(): Promise<void>;
}

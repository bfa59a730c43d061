// The seam every backend implements (docs/design.md, "The seams").

/** One key event inside a revision. A recursive delete removes `key` and everything under `key/`. */
export type KeyEvent =
  /** `invalidUtf8`: the stored bytes are not valid UTF-8 and `value` is their lossy decoding (templates must refuse it). */
  | { type: 'put'; key: string; value: string; invalidUtf8?: true }
  | { type: 'delete'; key: string; recursive?: boolean }
  /** A directory node that exists without keys (etcd v2 only); `ls` shows it. */
  | { type: 'dir'; key: string };

/** All events of one store revision, in order. */
export interface Change {
  type: 'change';
  revision: bigint;
  events: KeyEvent[];
}

/** History is gone (compaction, v2 "event index cleared"): the consumer must take a fresh snapshot. */
export interface Resync {
  type: 'resync';
  reason: string;
  /** History is there but far behind: a fresh snapshot is cheaper than replaying it (etcd v2; not a loss). */
  behind?: true;
}

/** Nothing changed up to `revision` (etcd progress notify); lets the consumer advance its revision. */
export interface Progress {
  type: 'progress';
  revision: bigint;
}

export type WatchItem = Change | Resync | Progress;

export interface Snapshot {
  /** Store revision the snapshot is consistent at. */
  revision: bigint;
  /** Every key under the requested prefixes with its value. */
  keys: Map<string, string>;
  /** Empty directories (etcd v2 only). */
  dirs?: Set<string>;
  /** Keys whose stored value is not valid UTF-8; their entry in `keys` is the lossy decoding (templates must refuse it). */
  invalid?: Set<string>;
}

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

// What a KeySource's watch yields and the mirror applies: changes grouped by store revision.

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

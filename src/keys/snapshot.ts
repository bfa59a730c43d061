// What a KeySource's snapshot returns and the mirror loads: every key under some prefixes at one revision.

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

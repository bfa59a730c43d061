// What `confetti register` needs from a store: write the key so it expires by itself, keep it alive, remove it.
export type GoneReason = 'deleted' | 'expired';

export interface Registrar {
  /** Human-readable store name for logs ("etcd v3", "etcd v2"). */
  readonly store: string;
  /** Write key=value bound to a fresh lease/TTL. */
  acquire(signal: AbortSignal): Promise<void>;
  /** Extend the lease/TTL; false when it already expired (the key is gone and must be acquired again). */
  refresh(signal: AbortSignal): Promise<boolean>;
  /** Write key=value again under the live lease/TTL (after someone deleted it). */
  rewrite(signal: AbortSignal): Promise<void>;
  /**
   * Resolves once the key is deleted (or expires) after our last write, by anyone; our own writes never resolve it.
   * Resolves to why when the store says (v2 tells an expiry from a delete), else undefined. Rejects when the watch
   * breaks (the caller opens a new one).
   */
  waitUntilGone(signal: AbortSignal): Promise<GoneReason | undefined>;
  /** Remove the key now (revoke the lease / delete the key). */
  release(signal: AbortSignal): Promise<void>;
  close(): void;
}

/** etcd TTLs are whole seconds: round up, at least 1. */
export function ttlSeconds(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs / 1000));
}

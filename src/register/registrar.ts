// What `confetti register` needs from a store: write the key so it expires by itself, keep it alive, remove it.
export interface Registrar {
  /** Human-readable store name for logs ("etcd v3", "etcd v2"). */
  readonly store: string;
  /** Write key=value bound to a fresh lease/TTL. */
  acquire(signal: AbortSignal): Promise<void>;
  /** Extend the lease/TTL; false when it already expired (the key is gone and must be acquired again). */
  refresh(signal: AbortSignal): Promise<boolean>;
  /** Remove the key now (revoke the lease / delete the key). */
  release(signal: AbortSignal): Promise<void>;
  close(): void;
}

/** etcd TTLs are whole seconds: round up, at least 1. */
export function ttlSeconds(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs / 1000));
}

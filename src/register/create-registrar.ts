// Picks the registrar for the configured backend; only etcd stores can expire a key on their own.
import type { BackendOptions } from '../backends/backend-options.js';
import { etcdClientOptions } from '../backends/etcd-options.js';
import { ConfigError } from '../errors.js';
import { createEtcdV2Registrar } from './etcd-v2-registrar.js';
import { createEtcdV3Registrar } from './etcd-v3-registrar.js';
import type { Registrar } from './registrar.js';

export function createRegistrar(settings: BackendOptions, key: string, value: string, ttlMs: number): Registrar {
  const opts = etcdClientOptions(settings);
  if (settings.backend === 'etcd') return createEtcdV3Registrar(key, value, ttlMs, opts);
  if (settings.backend === 'etcdv2') return createEtcdV2Registrar(key, value, ttlMs, opts);
  throw new ConfigError(
    'REGISTER_BACKEND',
    `confetti register needs an etcd backend (etcd or etcdv2), not ${settings.backend}: only etcd expires a key when its owner dies`,
    { key: '--backend' },
  );
}

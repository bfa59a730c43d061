// Picks the backend named in the settings; the only place that knows every backend.
import type { BackendOptions } from './backend-options.js';
import type { BackendEvent } from './backend-event.js';
import { etcdClientOptions } from './etcd-options.js';
import type { KeySource } from './key-source.js';

export interface KeySourceDeps {
  env: Readonly<Record<string, string | undefined>>;
  onEvent?: (event: BackendEvent) => void;
  onError?: (error: unknown) => void;
}

/** Backends are imported on demand: a file-backend render never loads the etcd clients (node:https, tls). */
export async function createKeySource(settings: BackendOptions, deps: KeySourceDeps): Promise<KeySource> {
  switch (settings.backend) {
    case 'file': {
      const { createFileSource } = await import('./file-source.js');
      return createFileSource({ paths: settings.file, ...(deps.onError ? { onError: deps.onError } : {}) });
    }
    case 'env': {
      const { createEnvSource } = await import('./env-source.js');
      return createEnvSource({ env: deps.env });
    }
    case 'etcd':
    case 'etcdv2': {
      const opts = { ...etcdClientOptions(settings), ...(deps.onEvent ? { onEvent: deps.onEvent } : {}) };
      if (settings.backend === 'etcd') return (await import('./etcd-v3/source.js')).createEtcdV3Source(opts);
      return (await import('./etcd-v2/source.js')).createEtcdV2Source(opts);
    }
  }
}

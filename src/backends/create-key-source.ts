// Picks the backend named in the settings; the only place that knows every backend.
import { readFileSync } from 'node:fs';
import type { Settings } from '../config/settings.js';
import { ConfigError } from '../errors.js';
import type { BackendEvent } from './backend-event.js';
import { createEnvSource } from './env-source.js';
import { createEtcdV2Source } from './etcd-v2/index.js';
import { createEtcdV3Source } from './etcd-v3/index.js';
import { createFileSource } from './file-source.js';
import type { KeySource } from './key-source.js';

export interface KeySourceDeps {
  env: Readonly<Record<string, string | undefined>>;
  onEvent?: (event: BackendEvent) => void;
  onError?: (error: unknown) => void;
}

export function createKeySource(settings: Settings, deps: KeySourceDeps): KeySource {
  switch (settings.backend) {
    case 'file':
      return createFileSource({ paths: settings.files, ...(deps.onError ? { onError: deps.onError } : {}) });
    case 'env':
      return createEnvSource({ env: deps.env });
    case 'etcd':
    case 'etcdv2': {
      const opts = {
        endpoints: settings.endpoints,
        dialTimeoutMs: settings.dialTimeoutMs,
        requestTimeoutMs: settings.requestTimeoutMs,
        cacert: settings.cacert,
        cert: settings.cert,
        key: settings.key,
        user: etcdUser(settings),
        insecureSkipTlsVerify: settings.insecureSkipTlsVerify,
        ...(deps.onEvent ? { onEvent: deps.onEvent } : {}),
      };
      return settings.backend === 'etcd' ? createEtcdV3Source(opts) : createEtcdV2Source(opts);
    }
  }
}

/** "name:password", with the password read from --password-file so it never shows in `ps`. */
export function etcdUser(settings: Pick<Settings, 'user' | 'passwordFile'>): string | undefined {
  if (settings.passwordFile === undefined) return settings.user;
  if (settings.user === undefined) throw new ConfigError('CONFIG_MISSING_VALUE', `--password-file ${settings.passwordFile} needs --user`, { file: settings.passwordFile });
  let password: string;
  try {
    password = readFileSync(settings.passwordFile, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ConfigError('PASSWORD_FILE_UNREADABLE', `cannot read --password-file ${settings.passwordFile}`, { file: settings.passwordFile, cause: error });
  }
  return `${settings.user}:${password}`;
}

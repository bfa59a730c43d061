// Connection options every etcd client (watch source, registrar) builds from the backend options.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import type { BackendOptions } from './backend-options.js';

export interface EtcdClientOptions {
  endpoints: string[];
  dialTimeoutMs: number;
  requestTimeoutMs: number;
  cacert: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  user: string | undefined;
  insecureSkipTlsVerify: boolean;
}

export function etcdClientOptions(settings: BackendOptions): EtcdClientOptions {
  return {
    endpoints: settings.endpoints,
    dialTimeoutMs: settings.dialTimeout,
    requestTimeoutMs: settings.requestTimeout,
    cacert: settings.cacert,
    cert: settings.cert,
    key: settings.key,
    user: etcdUser(settings),
    insecureSkipTlsVerify: settings.insecureSkipTlsVerify,
  };
}

/** "name:password", with the password read from --password-file so it never shows in `ps`. */
export function etcdUser(settings: Pick<BackendOptions, 'user' | 'passwordFile'>): string | undefined {
  if (settings.passwordFile === undefined) {
    // A bare name would log in with an empty password, silently; "name:" asks for that explicitly.
    if (settings.user !== undefined && !settings.user.includes(':')) {
      const name = settings.user;
      throw new ConfigError(
        'CONFIG_MISSING_VALUE',
        `--user ${name} has no password: give --user ${name}:PASSWORD or --password-file FILE (--user ${name}: for an empty one)`,
        { key: 'user' },
      );
    }
    return settings.user;
  }
  if (settings.user === undefined)
    throw new ConfigError('CONFIG_MISSING_VALUE', `--password-file ${settings.passwordFile} needs --user`, { file: settings.passwordFile });
  let password: string;
  try {
    password = readFileSync(settings.passwordFile, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ConfigError('PASSWORD_FILE_UNREADABLE', `cannot read --password-file ${settings.passwordFile}`, {
      file: settings.passwordFile,
      cause: error,
    });
  }
  return `${settings.user}:${password}`;
}

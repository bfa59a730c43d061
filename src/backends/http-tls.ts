// TLS settings of the etcd clients: PEM files read once, server certificates verified unless explicitly not.
import { readFileSync } from 'node:fs';
import type https from 'node:https';
import { ConfigError } from '../errors.js';

export interface TlsFiles {
  /** CA bundle (PEM file) to verify servers with; system CAs when absent. */
  cacert?: string | undefined;
  /** Client certificate and key (PEM files) for mutual TLS. */
  cert?: string | undefined;
  key?: string | undefined;
  /** Skip server certificate verification; must be asked for explicitly. */
  insecureSkipTlsVerify?: boolean | undefined;
}

export function readTls(opts: TlsFiles): https.AgentOptions {
  const read = (file: string | undefined, what: string): Buffer | undefined => {
    if (file === undefined) return undefined;
    try {
      return readFileSync(file);
    } catch (cause) {
      throw new ConfigError('TLS_FILE_UNREADABLE', `cannot read ${what} ${file}`, { file, cause });
    }
  };
  return {
    ca: read(opts.cacert, 'CA certificate'),
    cert: read(opts.cert, 'client certificate'),
    key: read(opts.key, 'client key'),
    rejectUnauthorized: opts.insecureSkipTlsVerify !== true,
  };
}

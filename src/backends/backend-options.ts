// What a backend is built from: the backend's own slice of the settings (cli/backend-options.ts picks it out).
import type { BackendName } from '../config/settings.js';

export interface BackendOptions {
  backend: BackendName;
  /** file backend: files or directories of YAML/JSON. */
  file: string[];
  /** etcd endpoints, e.g. http://127.0.0.1:2379. */
  endpoints: string[];
  cacert: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  /** "name:password" or "name" with passwordFile. */
  user: string | undefined;
  passwordFile: string | undefined;
  insecureSkipTlsVerify: boolean;
  /** Milliseconds. */
  dialTimeout: number;
  /** Milliseconds. */
  requestTimeout: number;
}

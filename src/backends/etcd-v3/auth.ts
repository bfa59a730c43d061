// Username/password → token via /v3/auth/authenticate; the token goes in the `Authorization` header.
import { BackendError } from '../../errors.js';
import type { HttpClient } from '../http-client.js';
import { EtcdApiError, parseGatewayError } from './errors.js';

export interface Credentials {
  name: string;
  password: string;
}

/** "name:password" (the password may contain ':'); a bare name has an empty password. */
export function parseUser(user: string): Credentials {
  const at = user.indexOf(':');
  return at < 0 ? { name: user, password: '' } : { name: user.slice(0, at), password: user.slice(at + 1) };
}

/** Caches one token; concurrent callers share one authenticate call. */
export class Authenticator {
  #http: HttpClient;
  #creds: Credentials;
  #token: Promise<string> | undefined;
  #value: string | undefined;

  constructor(http: HttpClient, creds: Credentials) {
    this.#http = http;
    this.#creds = creds;
  }

  async token(signal?: AbortSignal): Promise<string> {
    this.#token ??= this.#authenticate(signal);
    const pending = this.#token;
    try {
      return await pending;
    } catch (error) {
      if (this.#token === pending) this.#token = undefined;
      throw error;
    }
  }

  /** Forget `token` (expired or revoked; undefined = whatever is cached) so the next call authenticates again. */
  invalidate(token: string | undefined): void {
    if (token !== undefined && this.#value !== token) return;
    this.#value = undefined;
    this.#token = undefined;
  }

  async #authenticate(signal: AbortSignal | undefined): Promise<string> {
    const path = '/v3/auth/authenticate';
    const res = await this.#http.postJson(path, { name: this.#creds.name, password: this.#creds.password }, { signal });
    const body = res.json<{ token?: string }>();
    const error = parseGatewayError(body);
    if (error || res.status !== 200 || body.token === undefined) {
      const message = error?.message ?? `HTTP ${res.status}`;
      throw new BackendError('ETCD_AUTH_FAILED', `etcd ${res.endpoint}: authenticating user "${this.#creds.name}" failed: ${message}`, {
        cause: new EtcdApiError(message, { grpcCode: error?.grpcCode, status: res.status, endpoint: res.endpoint, path }),
      });
    }
    this.#value = body.token;
    return body.token;
  }
}

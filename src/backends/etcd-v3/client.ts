// etcd v3 over the JSON gateway: unary calls with auth (re-authenticating once on a stale token), streams for watch.
import { BackendError } from '../../errors.js';
import type { BackendEventListener } from '../backend-event.js';
import { HttpClient, type HttpStream } from '../http-client.js';
import { Authenticator, parseUser } from './auth.js';
import { EtcdApiError, isStaleToken, parseGatewayError } from './errors.js';
import { GrpcClient } from './grpc-client.js';
import { deleteKey, grantLease, keepAlive, putKey, revokeLease, type Lease } from './lease.js';

export interface EtcdV3Options {
  endpoints: string[];
  dialTimeoutMs: number;
  requestTimeoutMs: number;
  cacert?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
  /** "name:password" → token auth. */
  user?: string | undefined;
  insecureSkipTlsVerify?: boolean | undefined;
  onEvent?: BackendEventListener | undefined;
  /** Keys per gRPC range page (default 5000); a snapshot's first, gateway page holds at most GATEWAY_PAGE of them. */
  pageSize?: number | undefined;
  /** How often a watch checks that its member still answers (default 10 s); a paused or partitioned member
   *  keeps the TCP connection open and would otherwise hang the watch forever. */
  watchProbeMs?: number | undefined;
}

// Ask the member to end streams when it loses its leader, so a watch never hangs on a minority member
// (grpc-gateway forwards Grpc-Metadata-* headers; etcd's "hasleader" metadata, clientv3.WithRequireLeader).
const REQUIRE_LEADER = { 'grpc-metadata-hasleader': 'true' };

export class EtcdV3Client {
  readonly http: HttpClient;
  /** gRPC on the same endpoints (the snapshot's reads); watch, lease and auth stay on the gateway. */
  readonly grpc: GrpcClient;
  readonly pageSize: number;
  readonly onEvent: BackendEventListener | undefined;
  readonly watchProbeMs: number;
  #auth: Authenticator | undefined;

  constructor(opts: EtcdV3Options) {
    this.http = new HttpClient({ ...opts, label: 'etcd', api: 'etcd v3' });
    this.grpc = new GrpcClient(this.http, opts);
    this.pageSize = opts.pageSize ?? 5000;
    this.onEvent = opts.onEvent;
    this.watchProbeMs = opts.watchProbeMs ?? 10_000;
    if (opts.user !== undefined && opts.user !== '') this.#auth = new Authenticator(this.http, parseUser(opts.user));
  }

  /** POST a JSON body to a unary endpoint; returns the decoded body or throws EtcdApiError. */
  async call<T>(path: string, body: unknown, opts: { signal?: AbortSignal | undefined; key?: string; endpoint?: string } = {}): Promise<T> {
    return this.#withToken(opts.signal, async (headers) => {
      const pinned = opts.endpoint === undefined ? {} : { endpoint: opts.endpoint };
      const res = await this.http.postJson(path, body, { signal: opts.signal, headers, ...pinned });
      const parsed = res.json<T>();
      const error = parseGatewayError(parsed);
      if (error || res.status !== 200) {
        throw new EtcdApiError(error?.message ?? `HTTP ${res.status}: ${res.text.slice(0, 200)}`, {
          grpcCode: error?.grpcCode,
          status: res.status,
          endpoint: res.endpoint,
          path,
          key: opts.key,
        });
      }
      return parsed;
    });
  }

  /** A unary gRPC call ("/etcdserverpb.KV/Range") with auth (re-authenticating once on a stale token); resolves to the answer's protobuf bytes. */
  async unary(path: string, message: Buffer, opts: { signal?: AbortSignal | undefined; key?: string } = {}): Promise<Buffer> {
    return this.#withToken(opts.signal, (headers) =>
      this.grpc.unary(path, message, { signal: opts.signal, token: headers.authorization, key: opts.key }),
    );
  }

  /** Open a streaming call (watch) on one endpoint. A non-200 status is turned into EtcdApiError. */
  async stream(path: string, body: unknown, signal: AbortSignal, endpoint: string): Promise<HttpStream> {
    return this.#withToken(signal, async (headers) => {
      const stream = await this.http.openStream({ path, json: body, signal, endpoint, headers: { ...headers, ...REQUIRE_LEADER } });
      if (stream.status === 200) return stream;
      const text = await stream.text().catch(() => '');
      stream.close();
      const error = parseGatewayError(safeJson(text));
      throw new EtcdApiError(error?.message ?? `HTTP ${stream.status}: ${text.slice(0, 200)}`, {
        grpcCode: error?.grpcCode,
        status: stream.status,
        endpoint: stream.endpoint,
        path,
      });
    });
  }

  /** Headers for a request; with auth, the cached token. */
  async headers(signal?: AbortSignal): Promise<Record<string, string>> {
    return this.#auth ? { authorization: await this.#auth.token(signal) } : {};
  }

  /** Drop a token the server rejected, so the next call authenticates again. */
  invalidateToken(headers: Record<string, string>): void {
    if (headers.authorization !== undefined) this.#auth?.invalidate(headers.authorization);
  }

  /** Drop whatever token is cached (a stale-token error arrived inside a stream). */
  dropToken(): void {
    this.#auth?.invalidate(undefined);
  }

  async #withToken<T>(signal: AbortSignal | undefined, run: (headers: Record<string, string>) => Promise<T>): Promise<T> {
    const headers = await this.headers(signal);
    try {
      return await run(headers);
    } catch (error) {
      if (!this.#auth && isStaleToken(error)) throw authRequired(error);
      if (!this.#auth || !isStaleToken(error)) throw error;
      // Tokens expire (simple: --auth-token-ttl; jwt: exp); re-authenticate once (confd #801 let the watch die here).
      this.invalidateToken(headers);
      return run(await this.headers(signal));
    }
  }

  grantLease(ttlSec: number, signal?: AbortSignal): Promise<Lease> {
    return grantLease(this, ttlSec, signal);
  }

  /** One keep-alive; resolves to the remaining TTL in seconds (0: the lease is gone). */
  keepAlive(leaseId: bigint, signal?: AbortSignal): Promise<number> {
    return keepAlive(this, leaseId, signal);
  }

  revoke(leaseId: bigint, signal?: AbortSignal): Promise<void> {
    return revokeLease(this, leaseId, signal);
  }

  put(key: string, value: string, opts: { lease?: bigint; signal?: AbortSignal } = {}): Promise<bigint> {
    return putKey(this, key, value, opts);
  }

  delete(key: string, opts: { prefix?: boolean; signal?: AbortSignal } = {}): Promise<bigint> {
    return deleteKey(this, key, opts);
  }

  close(): void {
    this.grpc.close();
    this.http.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Without --user, etcd with auth on answers "etcdserver: user name is empty": say what that means and what to do.
function authRequired(error: unknown): BackendError {
  const endpoint = error instanceof EtcdApiError ? error.endpoint : 'etcd';
  const message = `etcd ${endpoint} requires authentication: give --user NAME:PASSWORD, or --user NAME with --password-file FILE`;
  return new BackendError('ETCD_AUTH_REQUIRED', message, { cause: error });
}

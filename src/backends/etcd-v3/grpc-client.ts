// Unary gRPC calls to etcd over node:http2 (etcd serves gRPC on its client URL): the snapshot's Range/Txn, ~3× faster
// than the JSON gateway at 10,000 keys (the gateway spends most of its time marshalling JSON; docs/design.md).
import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders } from 'node:http2';
import { BackendError, describeError, type ErrorCode } from '../../errors.js';
import type { HttpClient } from '../http-client.js';
import { HttpConnectionError, withErrno } from '../http-response.js';
import { readTls, type TlsFiles } from '../http-tls.js';
import { EtcdApiError, GRPC } from './errors.js';

export interface GrpcClientOptions extends TlsFiles {
  dialTimeoutMs: number;
  requestTimeoutMs: number;
}

// Flow-control windows large enough that etcd sends a 10,000-key answer (~400 KB) without waiting on WINDOW_UPDATEs
// (HTTP/2's default window is 64 KiB: one round trip per 64 KiB).
const WINDOW = 16 * 1024 * 1024;
// A session nobody used for this long closes: a watch process keeps only its watch connection after a snapshot.
const IDLE_MS = 5_000;

/** HTTP/2 sessions to the endpoints of an HttpClient (whose rotation both share), one at a time, opened on demand. */
export class GrpcClient {
  #http: HttpClient;
  #opts: GrpcClientOptions;
  #sessions = new Map<string, Promise<ClientHttp2Session>>();
  #open = new Map<string, ClientHttp2Session>();
  /** Calls in flight: while any is, sessions hold the process open (idle ones never do). */
  #inflight = 0;

  constructor(http: HttpClient, opts: GrpcClientOptions) {
    this.#http = http;
    this.#opts = opts;
  }

  /**
   * Call `path` (e.g. "/etcdserverpb.KV/Range") with one encoded message; resolves to the answer's message bytes.
   * Connection failures and UNAVAILABLE try the next endpoint; other gRPC errors throw EtcdApiError.
   */
  async unary(
    path: string,
    message: Buffer,
    opts: { signal?: AbortSignal | undefined; token?: string | undefined; key?: string | undefined },
  ): Promise<Buffer> {
    const tries = this.#http.endpoints.length;
    const tried: string[] = [];
    let lastError: unknown;
    for (let i = 0; i < tries; i++) {
      const endpoint = this.#http.endpoint;
      tried.push(endpoint);
      try {
        return await this.#call(endpoint, path, message, opts);
      } catch (error) {
        const retry =
          error instanceof HttpConnectionError || (error instanceof EtcdApiError && error.grpcCode === GRPC.unavailable && i < tries - 1);
        if (!retry) throw error;
        lastError = error;
        this.#http.rotate(endpoint, error);
      }
    }
    const detail = lastError instanceof Error ? lastError.message : String(lastError);
    throw new BackendError(
      'BACKEND_UNREACHABLE',
      `etcd unreachable at ${tried.join(', ')} (${path}${opts.key === undefined ? '' : `, key ${opts.key}`}): ${detail}`,
      {
        cause: lastError,
        key: opts.key ?? path,
      },
    );
  }

  close(): void {
    for (const session of this.#sessions.values())
      session.then(
        (s) => s.destroy(),
        () => undefined,
      );
    this.#sessions.clear();
    this.#open.clear();
  }

  async #call(
    endpoint: string,
    path: string,
    message: Buffer,
    opts: { signal?: AbortSignal | undefined; token?: string | undefined; key?: string | undefined },
  ): Promise<Buffer> {
    const { signal } = opts;
    signal?.throwIfAborted();
    const session = await this.#session(endpoint, signal);
    const headers: Record<string, string> = { ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' };
    if (opts.token !== undefined) headers.token = opts.token;
    const frame = Buffer.allocUnsafe(5 + message.length);
    frame[0] = 0;
    frame.writeUInt32BE(message.length, 1);
    message.copy(frame, 5);
    const fail = (code: ErrorCode, text: string, cause?: unknown): HttpConnectionError =>
      new HttpConnectionError(code, `etcd ${endpoint}: ${text}`, endpoint, cause);

    this.#inflight++;
    session.ref();
    const release = (): void => {
      if (--this.#inflight === 0) for (const open of this.#open.values()) open.unref();
    };
    return new Promise<Buffer>((resolve, reject) => {
      let stream: ClientHttp2Stream;
      try {
        stream = session.request(headers);
      } catch (error) {
        release();
        this.#drop(endpoint, session);
        reject(fail('CONNECTION_FAILED', describeError(error), error));
        return;
      }
      const chunks: Buffer[] = [];
      let status = 0;
      let grpcStatus: number | undefined;
      let grpcMessage = '';
      let settled = false;
      const done = (error: Error | undefined, body?: Buffer): void => {
        if (settled) return;
        settled = true;
        release();
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error !== undefined) {
          stream.close(0x8); // NGHTTP2_CANCEL
          reject(error);
        } else resolve(body ?? Buffer.alloc(0));
      };
      const onAbort = (): void => done(signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const timeoutMs = this.#opts.requestTimeoutMs;
      const timer =
        timeoutMs > 0 ? setTimeout(() => done(fail('REQUEST_TIMEOUT', `no answer within ${timeoutMs} ms`)), timeoutMs) : undefined;
      const take = (h: IncomingHttpHeaders): void => {
        const s = h['grpc-status'];
        if (s === undefined) return;
        grpcStatus = Number(s);
        grpcMessage = decodeGrpcMessage(h['grpc-message']);
      };
      stream.on('response', (h) => {
        status = Number(h[':status']);
        take(h);
      });
      stream.on('trailers', take);
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (error: NodeJS.ErrnoException) => {
        this.#drop(endpoint, session);
        done(fail('CONNECTION_FAILED', withErrno(error), error));
      });
      stream.on('end', () => {
        if (status !== 200)
          return done(
            new EtcdApiError(`HTTP ${status} (is this an etcd v3 gRPC endpoint?)`, {
              grpcCode: undefined,
              status,
              endpoint,
              path,
              key: opts.key,
            }),
          );
        if (grpcStatus === undefined) return done(fail('BAD_RESPONSE', `${path} ended without a grpc-status`));
        if (grpcStatus !== 0)
          return done(
            new EtcdApiError(grpcMessage || `gRPC status ${grpcStatus}`, { grpcCode: grpcStatus, status, endpoint, path, key: opts.key }),
          );
        const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
        const length = body.length >= 5 ? body.readUInt32BE(1) : -1;
        if (length < 0 || body.length < 5 + length || body[0] !== 0)
          return done(fail('BAD_RESPONSE', `${path} answered ${body.length} bytes that are not one uncompressed gRPC message`));
        done(undefined, body.subarray(5, 5 + length));
      });
      stream.end(frame);
    });
  }

  /** The open session to `endpoint`, or a new one within the dial timeout. */
  #session(endpoint: string, signal: AbortSignal | undefined): Promise<ClientHttp2Session> {
    const open = this.#open.get(endpoint);
    // A session etcd closed (GOAWAY, restart) may not have reported it yet: never start a call on it.
    if (open !== undefined && (open.closed || open.destroyed)) this.#drop(endpoint, open);
    const existing = this.#sessions.get(endpoint);
    if (existing !== undefined) return existing;
    const pending = this.#connect(endpoint, signal);
    this.#sessions.set(endpoint, pending);
    pending.catch(() => {
      if (this.#sessions.get(endpoint) === pending) this.#sessions.delete(endpoint);
    });
    return pending;
  }

  /** Forget and close the session to `endpoint` (only if it is still `session`, when given). */
  #drop(endpoint: string, session?: ClientHttp2Session): void {
    const current = this.#open.get(endpoint);
    if (session !== undefined && current !== session) return;
    this.#open.delete(endpoint);
    this.#sessions.delete(endpoint);
    current?.destroy();
  }

  async #connect(endpoint: string, signal: AbortSignal | undefined): Promise<ClientHttp2Session> {
    // Loaded on first use: a watch that never takes a snapshot over gRPC does not pay for node:http2.
    const http2 = process.getBuiltinModule('node:http2');
    const tls = endpoint.startsWith('https:') ? readTls(this.#opts) : {};
    const session = http2.connect(endpoint, { ...tls, settings: { initialWindowSize: WINDOW } });
    const dialTimeoutMs = this.#opts.dialTimeoutMs;
    return new Promise((resolve, reject) => {
      const finish = (error: Error | undefined): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        session.off('error', onError);
        if (error === undefined) return resolve(session);
        session.destroy();
        reject(error);
      };
      const onAbort = (): void => finish(signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
      const onError = (error: NodeJS.ErrnoException): void => {
        finish(new HttpConnectionError('CONNECTION_FAILED', `etcd ${endpoint}: ${withErrno(error)}`, endpoint, error));
      };
      const timer = setTimeout(
        () => finish(new HttpConnectionError('DIAL_TIMEOUT', `etcd ${endpoint}: connect timed out after ${dialTimeoutMs} ms`, endpoint)),
        dialTimeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      session.once('error', onError);
      session.once('connect', () => {
        session.setLocalWindowSize(WINDOW);
        // Never keeps the process alive; errors after connect reach the calls through their streams.
        session.unref();
        this.#open.set(endpoint, session);
        const drop = (): void => this.#drop(endpoint, session);
        session.on('error', drop);
        session.once('close', drop);
        session.once('goaway', drop);
        session.setTimeout(IDLE_MS, drop);
        finish(undefined);
      });
    });
  }
}

/** grpc-message is percent-encoded (gRPC over HTTP/2 spec). */
function decodeGrpcMessage(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(', ') : (value ?? '');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

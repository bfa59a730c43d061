// Small keep-alive HTTP(S) client shared by the etcd backends: endpoint rotation, dial/request timeouts, abort.
// node:http with keep-alive Agents instead of fetch/undici, whose start and exit cost a one-shot render cannot afford
// (docs/design.md, "No etcd client library").
import http from 'node:http';
import https from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { BackendError, ConfigError, describeError, type ErrorCode } from '../errors.js';
import type { BackendEventListener } from './backend-event.js';
import { HttpConnectionError, makeResponse, makeStream, readBody, withErrno, type HttpResponse, type HttpStream } from './http-response.js';
import { readTls, type TlsFiles } from './http-tls.js';

export { HttpConnectionError, type HttpResponse, type HttpStream, type TlsFiles };

export interface HttpClientOptions extends TlsFiles {
  /** Origins, e.g. "http://127.0.0.1:2379", as the settings' endpoints parser checks them. Tried in order, rotating on failure. */
  endpoints: string[];
  /** Limit for TCP connect + TLS handshake. */
  dialTimeoutMs: number;
  /** Default limit for a whole request (headers + body); per request `timeoutMs` overrides. */
  requestTimeoutMs: number;
  /** Statuses that mean "this member cannot serve, try the next" (default 502, 503, 504). */
  failoverStatuses?: number[];
  /** Receives 'failover' events when the current endpoint changes. */
  onEvent?: BackendEventListener | undefined;
  /** Names the store in error messages ("etcd", "etcd v2"). */
  label?: string;
  /** Names the API in "is this an … endpoint?" when an answer is not JSON (default: the label). */
  api?: string;
}

export interface HttpRequestOptions {
  /** Default: POST when a body is given, else GET. */
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with query string, e.g. "/v3/kv/range" or "/v2/keys/app?recursive=true". */
  path: string;
  /** JSON body (sets content-type). */
  json?: unknown;
  /** Raw body, e.g. a form-encoded v2 body; set content-type in `headers`. */
  body?: string | Buffer;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Whole-request limit in ms; 0 = none (long polls). For streams it covers the response headers only. */
  timeoutMs?: number;
  /** Try the next endpoint on connection errors and failover statuses (default true). */
  failover?: boolean;
  /** Send to this endpoint only (no failover), e.g. to probe the member a stream is on. */
  endpoint?: string;
}

const DEFAULT_FAILOVER_STATUSES = [502, 503, 504];

/** Keep-alive JSON/stream client over a rotating list of endpoints. */
export class HttpClient {
  readonly endpoints: string[];
  #current = 0;
  #opts: HttpClientOptions;
  #http = new http.Agent({ keepAlive: true });
  #https: https.Agent | undefined;
  #failoverStatuses: Set<number>;
  #label: string;

  constructor(opts: HttpClientOptions) {
    if (opts.endpoints.length === 0) throw new ConfigError('NO_ENDPOINTS', 'no endpoints given', { key: 'endpoints' });
    this.endpoints = [...opts.endpoints];
    this.#opts = opts;
    this.#label = opts.label ?? 'backend';
    this.#failoverStatuses = new Set(opts.failoverStatuses ?? DEFAULT_FAILOVER_STATUSES);
    if (this.endpoints.some((e) => e.startsWith('https:'))) this.#https = new https.Agent({ keepAlive: true, ...readTls(opts) });
  }

  /** Endpoint the next request starts at. */
  get endpoint(): string {
    return this.endpoints[this.#current] ?? '';
  }

  /** Move to the endpoint after `failed` (if it is still the current one) and report a 'failover'. */
  rotate(failed: string, error?: unknown): void {
    if (this.endpoints.length < 2 || this.endpoint !== failed) return;
    this.#current = (this.#current + 1) % this.endpoints.length;
    this.#opts.onEvent?.({ type: 'failover', endpoint: this.endpoint, error });
  }

  /** One request with its body read, trying each endpoint once (from the current one) on connection failure. */
  async request(req: HttpRequestOptions): Promise<HttpResponse> {
    return this.#withFailover(
      req,
      async (endpoint) => {
        const { res, close } = await this.#send(endpoint, req, false);
        try {
          const text = await readBody(res);
          return makeResponse(endpoint, req.path, res, text, this.#opts.api ?? this.#label);
        } catch (error) {
          req.signal?.throwIfAborted();
          if (error instanceof HttpConnectionError) throw error;
          throw new HttpConnectionError('BODY_FAILED', `${this.#label} ${endpoint}: ${describeError(error)}`, endpoint, error);
        } finally {
          close();
        }
      },
      (r) => r.status,
    );
  }

  /** Shorthand: POST `json` to `path`, return the response. */
  async postJson(path: string, json: unknown, extra: Omit<HttpRequestOptions, 'path' | 'json'> = {}): Promise<HttpResponse> {
    return this.request({ ...extra, path, json, method: 'POST' });
  }

  /** A long-lived streaming response (etcd v3 watch); the caller closes it. Status is not checked. */
  async openStream(req: HttpRequestOptions): Promise<HttpStream> {
    return this.#withFailover(
      req,
      async (endpoint) => {
        const { res, close } = await this.#send(endpoint, req, true);
        return makeStream(endpoint, res, close, req.signal);
      },
      (s) => s.status,
      (s) => s.close(),
    );
  }

  /** Destroy agents and every socket they hold, including open streams. */
  close(): void {
    this.#http.destroy();
    this.#https?.destroy();
  }

  async #withFailover<T>(
    req: HttpRequestOptions,
    attempt: (endpoint: string) => Promise<T>,
    statusOf: (r: T) => number,
    discard?: (r: T) => void,
  ): Promise<T> {
    const tries = req.failover === false || req.endpoint !== undefined ? 1 : this.endpoints.length;
    let lastError: unknown;
    const tried: string[] = [];
    for (let i = 0; i < tries; i++) {
      const endpoint = req.endpoint ?? this.endpoint;
      tried.push(endpoint);
      try {
        const result = await attempt(endpoint);
        const status = statusOf(result);
        if (i < tries - 1 && this.#failoverStatuses.has(status)) {
          discard?.(result);
          this.rotate(endpoint, new Error(`HTTP ${status}`));
          continue;
        }
        return result;
      } catch (error) {
        if (!(error instanceof HttpConnectionError)) throw error;
        lastError = error;
        this.rotate(endpoint, error);
      }
    }
    throw new BackendError(
      'BACKEND_UNREACHABLE',
      `${this.#label} unreachable at ${tried.join(', ')} (${req.path}): ${describeError(lastError)}`,
      {
        cause: lastError,
        key: req.path,
      },
    );
  }

  /** Send once to one endpoint; resolves at the response headers. Retries once on a stale keep-alive socket. */
  async #send(endpoint: string, req: HttpRequestOptions, stream: boolean): Promise<{ res: IncomingMessage; close: () => void }> {
    try {
      return await this.#sendOnce(endpoint, req, stream);
    } catch (error) {
      if (error instanceof StaleSocketError) return this.#sendOnce(endpoint, req, stream);
      throw error;
    }
  }

  #sendOnce(endpoint: string, req: HttpRequestOptions, stream: boolean): Promise<{ res: IncomingMessage; close: () => void }> {
    const { signal } = req;
    signal?.throwIfAborted();
    const url = new URL(req.path, endpoint);
    const isHttps = url.protocol === 'https:';
    const body = req.json !== undefined ? JSON.stringify(req.json) : req.body;
    const headers: Record<string, string> = { ...req.headers };
    if (req.json !== undefined) headers['content-type'] = 'application/json';
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const method = req.method ?? (body === undefined ? 'GET' : 'POST');
    const timeoutMs = req.timeoutMs ?? this.#opts.requestTimeoutMs;
    const dialTimeoutMs = this.#opts.dialTimeoutMs;
    const agent = isHttps ? this.#https : this.#http;
    const send = isHttps ? https.request : http.request;

    return new Promise((resolve, reject) => {
      let settled = false;
      let dialTimer: NodeJS.Timeout | undefined;
      let requestTimer: NodeJS.Timeout | undefined;
      const request: ClientRequest = send(url, { method, headers, agent });
      const fail = (code: ErrorCode, message: string, cause?: unknown): void => {
        request.destroy(new HttpConnectionError(code, `${this.#label} ${endpoint}: ${message}`, endpoint, cause));
      };
      const onAbort = (): void => {
        request.destroy(signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
      };
      const cleanup = (): void => {
        clearTimeout(dialTimer);
        clearTimeout(requestTimer);
        signal?.removeEventListener('abort', onAbort);
      };
      const close = (): void => {
        cleanup();
        request.destroy();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs > 0) requestTimer = setTimeout(() => fail('REQUEST_TIMEOUT', `no answer within ${timeoutMs} ms`), timeoutMs);
      request.on('socket', (socket: Socket) => {
        if (!socket.connecting) return;
        dialTimer = setTimeout(() => fail('DIAL_TIMEOUT', `connect timed out after ${dialTimeoutMs} ms`), dialTimeoutMs);
        socket.once(isHttps ? 'secureConnect' : 'connect', () => clearTimeout(dialTimer));
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return;
        settled = true;
        cleanup();
        if (error instanceof HttpConnectionError || error.name === 'AbortError') return reject(error);
        if (request.reusedSocket && error.code === 'ECONNRESET') return reject(new StaleSocketError());
        reject(new HttpConnectionError('CONNECTION_FAILED', `${this.#label} ${endpoint}: ${withErrno(error)}`, endpoint, error));
      });
      request.on('response', (res) => {
        settled = true;
        // Streams live past the headers: only abort and close() end them from here on.
        if (stream) clearTimeout(requestTimer);
        res.once('end', cleanup);
        res.once('close', cleanup);
        resolve({ res, close });
      });
      request.end(body);
    });
  }
}

class StaleSocketError extends Error {}

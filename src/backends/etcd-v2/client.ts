// The /v2/keys API over the shared HttpClient: tree reads, one long-poll, and TTL-aware writes.
import { BackendError } from '../../errors.js';
import type { BackendEventListener } from '../backend-event.js';
import { HttpClient, HttpConnectionError, type TlsFiles } from '../http-client.js';
import { normalizeKey } from '../../keys/prefix.js';
import { EtcdV2Error, parseJson, readIndex, toError } from './answer.js';
import { V2_ERROR, type V2Node, type V2Response } from './flatten.js';

export interface EtcdV2Options extends TlsFiles {
  endpoints: string[];
  dialTimeoutMs: number;
  requestTimeoutMs: number;
  /** "name:password", sent as HTTP basic auth. */
  user?: string | undefined;
  onEvent?: BackendEventListener | undefined;
}

/** What one long-poll produced: an event, nothing before the idle limit, or history already cleared. */
export type PollResult =
  /** `storeIndex`: X-Etcd-Index, the store's index when etcd took the poll (absent if the member sent none). */
  | { kind: 'event'; event: V2Response; endpoint: string; storeIndex: bigint | undefined }
  | { kind: 'idle' }
  | { kind: 'cleared'; message: string };

export interface PollOptions {
  signal: AbortSignal;
  /** Give up on a silent poll after this long and report 'idle' (detects hung members and dropped connections). */
  idleMs: number;
  /** Called once etcd accepted the poll (response headers arrived). */
  onOpen?: (endpoint: string) => void;
}

export interface Tree {
  /** X-Etcd-Index: the store index the read saw. */
  index: bigint;
  /** Undefined when the key does not exist. */
  node: V2Node | undefined;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** "/a b/c" → "/v2/keys/a%20b/c". */
export function keysPath(key: string): string {
  return '/v2/keys' + normalizeKey(key).split('/').map(encodeURIComponent).join('/');
}

function storeIndexOf(header: string | string[] | undefined): bigint | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  return text !== undefined && /^\d+$/.test(text) ? BigInt(text) : undefined;
}

export class EtcdV2Client {
  readonly http: HttpClient;
  readonly #headers: Record<string, string>;
  /** Names the user in auth refusals. */
  readonly #who: string;
  readonly #requestTimeoutMs: number;

  constructor(opts: EtcdV2Options) {
    this.http = new HttpClient({ ...opts, label: 'etcd v2' });
    this.#requestTimeoutMs = opts.requestTimeoutMs;
    this.#who = opts.user ? ` as user "${opts.user.split(':')[0] ?? ''}"` : ' without credentials';
    this.#headers = opts.user ? { authorization: 'Basic ' + Buffer.from(opts.user).toString('base64') } : {};
  }

  /** Recursive, sorted read of one subtree. */
  async getTree(key: string, signal?: AbortSignal): Promise<Tree> {
    const res = await this.http.request({ path: `${keysPath(key)}?recursive=true&sorted=true`, headers: this.#headers, signal });
    const index = readIndex(res.headers['x-etcd-index'], key, res.endpoint, res.status);
    if (res.status === 200) return { index, node: res.json<V2Response>().node };
    const error = toError(res.status, res.text, key, res.endpoint, this.#who);
    if (error instanceof EtcdV2Error && error.errorCode === V2_ERROR.keyNotFound) return { index, node: undefined };
    throw error;
  }

  /** The store's current index (X-Etcd-Index of a shallow read of the root). */
  async currentIndex(signal?: AbortSignal): Promise<bigint> {
    const res = await this.http.request({ path: '/v2/keys/', headers: this.#headers, signal });
    if (res.status !== 200) throw toError(res.status, res.text, '/', res.endpoint, this.#who);
    return readIndex(res.headers['x-etcd-index'], '/', res.endpoint, res.status);
  }

  /**
   * One long-poll for the first event at or after `waitIndex` under `key`. The response headers must come within
   * the request timeout (etcd flushes them at once); the event itself may take up to `idleMs`, then 'idle'.
   */
  async poll(key: string, waitIndex: bigint, opts: PollOptions): Promise<PollResult> {
    const path = `${keysPath(key)}?wait=true&recursive=true&waitIndex=${waitIndex}`;
    const stream = await this.http.openStream({ path, headers: this.#headers, signal: opts.signal, timeoutMs: this.#requestTimeoutMs });
    if (stream.status === 200) opts.onOpen?.(stream.endpoint);
    let idle = false;
    const timer = setTimeout(() => {
      idle = true;
      stream.close();
    }, opts.idleMs);
    try {
      const text = await stream.text();
      if (idle) return { kind: 'idle' };
      if (stream.status === 200) {
        // etcd (or a proxy) may end an idle poll with an empty body: poll again from the same index.
        if (text.trim() === '') return { kind: 'idle' };
        const event = parseJson<V2Response>(text, key, stream.endpoint);
        return { kind: 'event', event, endpoint: stream.endpoint, storeIndex: storeIndexOf(stream.headers['x-etcd-index']) };
      }
      const error = toError(stream.status, text, key, stream.endpoint, this.#who);
      if (error instanceof EtcdV2Error && error.errorCode === V2_ERROR.eventIndexCleared)
        return { kind: 'cleared', message: error.message };
      throw error;
    } catch (error) {
      opts.signal.throwIfAborted();
      if (idle) return { kind: 'idle' };
      if (error instanceof BackendError) throw error;
      throw new HttpConnectionError('POLL_LOST', `etcd v2 ${stream.endpoint}: long-poll on ${key} broke`, stream.endpoint, error);
    } finally {
      clearTimeout(timer);
      stream.close();
    }
  }

  /** Set a key; with `ttl` (seconds) it expires unless refreshed (`refresh: true` keeps the value, no watch event). */
  async putV2(key: string, value: string, opts: { ttl?: number; refresh?: boolean; signal?: AbortSignal } = {}): Promise<V2Response> {
    const form = new URLSearchParams();
    if (opts.refresh) form.set('refresh', 'true');
    else form.set('value', value);
    if (opts.ttl !== undefined) form.set('ttl', String(opts.ttl));
    if (opts.refresh) form.set('prevExist', 'true');
    return this.#write('PUT', keysPath(key), key, form.toString(), opts.signal);
  }

  /** Delete a key, or a directory with `recursive: true`. */
  async deleteV2(key: string, opts: { recursive?: boolean; signal?: AbortSignal } = {}): Promise<V2Response> {
    const query = opts.recursive ? '?recursive=true' : '';
    return this.#write('DELETE', keysPath(key) + query, key, undefined, opts.signal);
  }

  close(): void {
    this.http.close();
  }

  async #write(method: 'PUT' | 'DELETE', path: string, key: string, body: string | undefined, signal?: AbortSignal): Promise<V2Response> {
    const headers = body === undefined ? this.#headers : { ...this.#headers, ...FORM };
    const res = await this.http.request({ method, path, headers, signal, ...(body === undefined ? {} : { body }) });
    if (res.status === 200 || res.status === 201) return parseJson<V2Response>(res.text, key, res.endpoint, res.status);
    throw toError(res.status, res.text, key, res.endpoint, this.#who);
  }
}

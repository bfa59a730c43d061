// What HttpClient hands back: a whole response, or a stream read line by line (watches, long polls).
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { BackendError, describeError, type ErrorCode } from '../errors.js';

export interface HttpResponse {
  endpoint: string;
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parses `text`; throws BackendError('BAD_RESPONSE') naming the endpoint and path on invalid JSON. */
  json<T = unknown>(): T;
}

export interface HttpStream {
  endpoint: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
  /** Newline-delimited chunks of the body (no trailing newline); throws on connection loss. */
  lines(): AsyncGenerator<string>;
  /** Reads the remaining body as text (for error statuses). */
  text(): Promise<string>;
  /** Destroys the request and its socket; idempotent. */
  close(): void;
}

/** A connection-level failure (refused, reset, dial or request timeout, TLS) at one endpoint. */
export class HttpConnectionError extends BackendError {
  readonly endpoint: string;
  constructor(code: ErrorCode, message: string, endpoint: string, cause?: unknown) {
    super(code, message, { cause });
    this.endpoint = endpoint;
  }
}

export async function readBody(res: IncomingMessage): Promise<string> {
  res.setEncoding('utf8');
  let text = '';
  for await (const chunk of res) text += chunk as string;
  return text;
}

export function makeResponse(endpoint: string, path: string, res: IncomingMessage, text: string, api = 'etcd'): HttpResponse {
  return {
    endpoint,
    status: res.statusCode ?? 0,
    headers: res.headers,
    text,
    json<T>(): T {
      try {
        return JSON.parse(text) as T;
      } catch {
        // No cause: JSON.parse's "Unexpected token '<'" says less than the status and the question.
        throw new BackendError('BAD_RESPONSE', notJsonMessage(api, endpoint + path, res.statusCode ?? 0, text), { key: path });
      }
    },
  };
}

export function makeStream(endpoint: string, res: IncomingMessage, close: () => void, signal: AbortSignal | undefined): HttpStream {
  res.setEncoding('utf8');
  let closed = false;
  return {
    endpoint,
    status: res.statusCode ?? 0,
    headers: res.headers,
    body: res,
    close() {
      closed = true;
      close();
    },
    text: () => readBody(res),
    async *lines() {
      let buffer = '';
      try {
        for await (const chunk of res) {
          buffer += chunk as string;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (line !== '') yield line;
          }
        }
      } catch (error) {
        // Our own close() or abort ends the lines quietly; anything else is a lost connection.
        if (closed || signal?.aborted) return;
        throw new HttpConnectionError('STREAM_LOST', `stream from ${endpoint} broke: ${describeError(error)}`, endpoint, error);
      }
      if (buffer.trim() !== '') yield buffer.trim();
    },
  };
}

/** For an answer that is not JSON (a web server, a proxy's error page): the status, and whether this is `api` at all. */
export function notJsonMessage(api: string, url: string, status: number, text: string): string {
  const body = text.trim() === '' ? 'an empty body' : `a body that is not JSON (${JSON.stringify(text.trim().slice(0, 60))})`;
  return `${url} answered HTTP ${status} with ${body}: is this an ${api} endpoint?`;
}

/** One code for every socket failure (CONNECTION_FAILED); Node's own (ECONNREFUSED…) stays in the message. */
export function withErrno(error: NodeJS.ErrnoException): string {
  return error.code !== undefined && !error.message.includes(error.code) ? `${error.message} (${error.code})` : error.message;
}

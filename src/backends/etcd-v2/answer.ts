// Decoding etcd v2 answers: the X-Etcd-Index header, JSON bodies, and error bodies into typed errors.
import { BackendError } from '../../errors.js';
import { notJsonMessage } from '../http-response.js';
import type { V2ErrorBody } from './flatten.js';

/** An etcd v2 error answer (`errorCode` from etcd's v2 error table). */
export class EtcdV2Error extends BackendError {
  readonly errorCode: number;
  readonly status: number;
  readonly endpoint: string;
  constructor(status: number, body: V2ErrorBody, key: string, endpoint: string, who = '') {
    // errorCode 110 and friends come with HTTP 401: one stable code for every auth refusal.
    const code = isAuthStatus(status) ? 'ETCD_AUTH_FAILED' : (`ETCDV2_${body.errorCode}` as const);
    super(code, `etcd v2 ${endpoint}: ${body.message} (errorCode ${body.errorCode}) for ${key}${who}`, { key });
    this.errorCode = body.errorCode;
    this.status = status;
    this.endpoint = endpoint;
  }
}

export function readIndex(header: string | string[] | undefined, key: string, endpoint: string, status: number): bigint {
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined || !/^\d+$/.test(text)) {
    const message =
      `etcd v2 ${endpoint}: HTTP ${status} without an X-Etcd-Index header reading ${key}: ` +
      'is this an etcd v2 endpoint (etcd started with --enable-v2)?';
    throw new BackendError('BAD_RESPONSE', message, { key });
  }
  return BigInt(text);
}

export function parseJson<T>(text: string, key: string, endpoint: string, status = 200): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new BackendError('BAD_RESPONSE', `${notJsonMessage('etcd v2', endpoint, status, text)} (reading ${key})`, { key });
  }
}

/** An error answer as an EtcdV2Error when etcd sent its JSON error body, else a plain BackendError. */
export function toError(status: number, text: string, key: string, endpoint: string, who: string): BackendError {
  let body: Partial<V2ErrorBody> | undefined;
  try {
    body = JSON.parse(text) as Partial<V2ErrorBody>;
  } catch {
    body = undefined;
  }
  const auth = isAuthStatus(status) ? who : '';
  if (body && typeof body.errorCode === 'number') return new EtcdV2Error(status, body as V2ErrorBody, key, endpoint, auth);
  const code = isAuthStatus(status) ? 'ETCD_AUTH_FAILED' : (`HTTP_${status}` as const);
  const detail = body?.message ?? text.trim().slice(0, 200);
  return new BackendError(code, `etcd v2 ${endpoint}: HTTP ${status} for ${key}${auth}: ${detail}`, { key });
}

function isAuthStatus(status: number): boolean {
  return status === 401 || status === 403;
}

// etcd gateway errors: `{"error","message","code"}` for unary calls, `{"error":{"grpc_code","message"}}` inside streams.
import { BackendError } from '../../errors.js';

/** gRPC codes etcd uses that we branch on. */
export const GRPC = { invalidArgument: 3, outOfRange: 11, unavailable: 14, unauthenticated: 16 } as const;

// Token problems clientv3 also re-authenticates on (etcd clientv3/retry_interceptor.go shouldRefreshToken).
const STALE_TOKEN = ['invalid auth token', 'revision of auth store is old', 'user name is empty'];

export class EtcdApiError extends BackendError {
  readonly grpcCode: number | undefined;
  readonly status: number;
  readonly endpoint: string;
  constructor(
    message: string,
    opts: { grpcCode: number | undefined; status: number; endpoint: string; path: string; key?: string | undefined },
  ) {
    const code = message.includes('required revision has been compacted')
      ? 'ETCD_COMPACTED'
      : STALE_TOKEN.some((m) => message.includes(m))
        ? 'ETCD_TOKEN_INVALID'
        : 'ETCD_ERROR';
    super(code, `etcd ${opts.endpoint}${opts.path}${opts.key === undefined ? '' : ` (key ${opts.key})`}: ${message}`, {
      key: opts.key ?? opts.path,
    });
    this.grpcCode = opts.grpcCode;
    this.status = opts.status;
    this.endpoint = opts.endpoint;
  }
}

interface ErrorBody {
  error?: string | { grpc_code?: number; message?: string };
  message?: string;
  code?: number;
}

/** The error a gateway body carries, if any. */
export function parseGatewayError(body: unknown): { message: string; grpcCode: number | undefined } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const { error, message, code } = body as ErrorBody;
  if (typeof error === 'object') return { message: error.message ?? 'unknown error', grpcCode: error.grpc_code };
  return { message: message ?? error ?? 'unknown error', grpcCode: code };
}

export function isStaleToken(error: unknown): boolean {
  return error instanceof EtcdApiError && error.code === 'ETCD_TOKEN_INVALID';
}

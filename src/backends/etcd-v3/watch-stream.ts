// One /v3/watch HTTP request = one create request (the 3.4 gateway reads the whole body before answering);
// the answer is a stream of newline-delimited `{"result":{…}}` objects.
import type { EtcdV3Client } from './client.js';
import { decode, decodeValue, rangeFields, toBigInt, type KeyRange } from './codec.js';
import { EtcdApiError, parseGatewayError } from './errors.js';

export interface WatchEvent {
  type: 'put' | 'delete';
  key: string;
  value: string;
  /** Set when the value's bytes are not valid UTF-8 (`value` is then their lossy decoding). */
  invalidUtf8?: true;
  modRevision: bigint;
}

export interface WatchResponse {
  /** Store revision when the response was sent; only a progress notification makes it a promise of completeness. */
  headerRevision: bigint;
  created: boolean;
  canceled: boolean;
  /** > 0 when the watch was canceled because start_revision is compacted. */
  compactRevision: bigint;
  cancelReason: string;
  events: WatchEvent[];
}

interface RawResult {
  header?: { revision?: string };
  created?: boolean;
  canceled?: boolean;
  compact_revision?: string;
  cancel_reason?: string;
  events?: Array<{ type?: 'PUT' | 'DELETE'; kv?: { key?: string; value?: string; mod_revision?: string } }>;
}

/** Responses of one watch from `startRevision` with progress notifications; ends when the stream ends. */
export async function* openWatchStream(
  client: EtcdV3Client,
  range: KeyRange,
  startRevision: bigint,
  signal: AbortSignal,
  endpoint: string,
): AsyncGenerator<WatchResponse> {
  const create = { create_request: { ...rangeFields(range), start_revision: startRevision.toString(), progress_notify: true } };
  const stream = await client.stream('/v3/watch', create, signal, endpoint);
  try {
    for await (const line of stream.lines()) {
      const parsed = JSON.parse(line) as { result?: RawResult };
      const error = parseGatewayError(parsed);
      if (error) {
        throw new EtcdApiError(error.message, { grpcCode: error.grpcCode, status: 200, endpoint: stream.endpoint, path: '/v3/watch' });
      }
      yield toResponse(parsed.result ?? {});
    }
  } finally {
    stream.close();
  }
}

function toResponse(r: RawResult): WatchResponse {
  return {
    headerRevision: toBigInt(r.header?.revision),
    created: r.created === true,
    canceled: r.canceled === true,
    compactRevision: toBigInt(r.compact_revision),
    cancelReason: r.cancel_reason ?? '',
    events: (r.events ?? []).map((e): WatchEvent => {
      const value = decodeValue(e.kv?.value);
      return {
        // A PUT has no `type` on the wire: the enum's zero value is omitted.
        type: e.type === 'DELETE' ? 'delete' : 'put',
        key: decode(e.kv?.key),
        value: value.text,
        ...(value.valid ? {} : { invalidUtf8: true as const }),
        modRevision: toBigInt(e.kv?.mod_revision),
      };
    }),
  };
}

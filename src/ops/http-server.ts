// The ops HTTP server: /metrics, /healthz, /readyz, /status and a small page at "/". node:http, GET only.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenAddress } from '../config/listen.js';
import { OpsError } from './ops-error.js';
import type { DaemonState } from './daemon-state.js';
import type { Metrics } from './metrics.js';
import { renderStatusPage } from './status-page.js';
import { buildStatus } from './status.js';

export interface OpsServerOptions {
  listen: ListenAddress;
  state: DaemonState;
  metrics: Metrics;
  /** Content hash of a template, for /status. */
  templateHash?: (file: string) => string | undefined;
}

export interface OpsServer {
  /** Where it actually listens (port 0 resolves to the chosen port). */
  address: ListenAddress;
  close(): Promise<void>;
}

export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((req, res) => {
    handle(req, res, opts).catch((error: unknown) => send(res, 500, 'text/plain', `internal error: ${(error as Error).message}\n`));
  });
  // Scrapers keep connections alive; close() must not wait for them.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new OpsError(`cannot listen on ${opts.listen.host}:${opts.listen.port}: ${error.message}`, error)),
    );
    server.listen(opts.listen.port, opts.listen.host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    address: { host: opts.listen.host, port: bound.port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: OpsServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n', { allow: 'GET, HEAD' });
  const { state } = opts;
  switch (path) {
    case '/metrics':
      return send(res, 200, opts.metrics.registry.contentType, await opts.metrics.registry.metrics());
    case '/healthz':
      return state.healthy()
        ? send(res, 200, 'text/plain', 'ok\n')
        : send(res, 503, 'text/plain', `daemon ${state.phase}${state.phaseError ? `: ${state.phaseError}` : ''}\n`);
    case '/readyz': {
      const { ready, reason } = state.readiness();
      return ready ? send(res, 200, 'text/plain', 'ready\n') : send(res, 503, 'text/plain', `not ready: ${reason ?? ''}\n`);
    }
    case '/status': {
      const status = buildStatus(state, opts.templateHash);
      // /status?resource=NAME: that resource's entry alone (the status page links each row here).
      const name = url.searchParams.get('resource');
      if (name === null) return sendJson(res, status);
      const entry = status.resources.find((r) => r.name === name);
      return entry ? sendJson(res, entry) : send(res, 404, 'text/plain', `no resource named ${JSON.stringify(name)}; /status lists them\n`);
    }
    case '/':
      return send(res, 200, 'text/html; charset=utf-8', renderStatusPage(buildStatus(state, opts.templateHash)));
    default:
      return send(res, 404, 'text/plain', 'not found; try /metrics, /healthz, /readyz, /status or /\n');
  }
}

function sendJson(res: ServerResponse, body: unknown): void {
  send(res, 200, 'application/json; charset=utf-8', JSON.stringify(body, null, 2) + '\n');
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

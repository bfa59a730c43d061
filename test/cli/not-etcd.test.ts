// An endpoint that answers HTTP but is not etcd (a web server, a proxy's error page): the message names the status
// and asks whether this is an etcd endpoint, instead of leaking JSON.parse's text.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { writeConfdir } from './confdir.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
    });
  });
}

describe('an endpoint that is not etcd', () => {
  let html: { server: Server; url: string };
  let empty: { server: Server; url: string };
  beforeAll(async () => {
    html = await listen((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<!DOCTYPE HTML><html>Not Found</html>'));
    empty = await listen((_req, res) => res.writeHead(200).end());
  });
  afterAll(async () => {
    await Promise.all([html, empty].map(({ server }) => new Promise((r) => server.close(r))));
  });

  async function render(backend: string, url: string) {
    const dir = await tempDir();
    const { confdir } = await writeConfdir(dir, {
      resources: { 'app.yaml': 'src: app.hbs\ndest: ../out/app.conf\ncreate_dirs: true\nkeys: [/app]\n' },
      templates: { 'app.hbs': 'x\n' },
    });
    return runCli(['render', '--confdir', confdir, '--backend', backend, '--endpoints', url]);
  }

  it.each([
    ['etcd', 'etcd v3', 'html', 404],
    ['etcd', 'etcd v3', 'empty', 200],
    ['etcdv2', 'etcd v2', 'html', 404],
    ['etcdv2', 'etcd v2', 'empty', 200],
  ] as const)(
    '--backend %s names the HTTP status and asks whether this is an %s endpoint (%s body)',
    async (backend, api, which, status) => {
      const r = await render(backend, which === 'html' ? html.url : empty.url);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(`HTTP ${status}`);
      expect(r.stderr).toContain(`is this an ${api} endpoint`);
      expect(r.stderr).toContain('127.0.0.1:');
      expect(r.stderr).not.toMatch(/invalid JSON|Unexpected (token|end of JSON)/);
    },
  );
});

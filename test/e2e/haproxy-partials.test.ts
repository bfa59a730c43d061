// examples/haproxy-partials: eq, gt, and, len, index, a partial with arguments and lookupIP in one HAProxy template,
// rendered by the CLI and accepted by the real `haproxy -c` (the resource's check_cmd).
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { useTempDirs } from '../support/temp-dir.js';

const EXAMPLE = resolve(import.meta.dirname, '../../examples/haproxy-partials');
const tempDir = useTempDirs();

async function renderExample(data: string): Promise<{ code: number; config: string; stdout: string }> {
  const dir = await tempDir();
  await cp(join(EXAMPLE, 'conf.d'), join(dir, 'conf.d'), { recursive: true });
  await cp(join(EXAMPLE, 'templates'), join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'data.yaml'), data);
  const r = await runCli(['render', '--confdir', dir, '--backend', 'file', '--file', join(dir, 'data.yaml')]);
  const config = await readFile(join(dir, 'out/haproxy.cfg'), 'utf8').catch(() => '');
  return { code: r.code, config, stdout: r.stdout };
}

describe('an HAProxy template with comparisons, a partial and DNS', () => {
  it('renders, passes haproxy -c, and picks each branch from the data', async () => {
    const data = await readFile(join(EXAMPLE, 'data.yaml'), 'utf8');
    const { code, config, stdout } = await renderExample(data);
    expect(stdout).toMatch(/^written\s+haproxy /);
    expect(code).toBe(0);
    expect(config).toContain('    maxconn 2000\n');
    expect(config).toContain('    mode http\n');
    // gt (len instances) 2 in the partial: three instances balance by leastconn, one by roundrobin.
    expect(config).toContain(
      'backend web_servers\n    balance leastconn\n    server a 127.0.0.1:19001 check\n    server b 127.0.0.1:19002 check\n    server c 127.0.0.1:19003 check\n',
    );
    expect(config).toContain('backend api_servers\n    balance roundrobin\n    server a 127.0.0.1:19011 check\n');
    // and: a service without instances gets no frontend.
    expect(config).not.toContain('empty');
    // lookupIP "localhost" (from /etc/hosts), index 0.
    expect(config).toMatch(/listen stats\n {4}bind 127\.0\.0\.1:18404\n/);
  });

  it('takes the eq branch for tcp, and haproxy -c still accepts it', async () => {
    const data = (await readFile(join(EXAMPLE, 'data.yaml'), 'utf8')).replace('mode: http', 'mode: tcp');
    const { code, config } = await renderExample(data);
    expect(code).toBe(0);
    expect(config).toContain('    mode tcp\n');
  });
});

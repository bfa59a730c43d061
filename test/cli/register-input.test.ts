// `confetti register` refuses bad input before it touches etcd (the endpoint here does not exist).
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const NOWHERE = ['--endpoints', 'http://127.0.0.1:9'];

describe('confetti register refuses', () => {
  it('an empty KEY (it would write the key "/")', async () => {
    const r = await runCli(['register', '', '10.0.0.1:80', ...NOWHERE]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/KEY must name a key such as \/services\/web\/instances\/web-1, got ""/);
  });

  it('a VALUE with a control character unless --allow-control-chars, without echoing the value', async () => {
    const value = '10.0.0.1:80 check\n    http-request return status 200 secret-x';
    const r = await runCli(['register', '/services/web/instances/a', value, ...NOWHERE]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/VALUE has a control character \(U\+000A at position 17\).*--allow-control-chars/);
    expect(r.stderr).not.toContain('secret-x');
    // With the flag it gets past validation to etcd (absent here: it logs and retries until the timeout ends it).
    const allowed = await runCli(
      ['register', '/services/web/instances/a', value, ...NOWHERE, '--allow-control-chars', '--dial-timeout', '200ms'],
      { timeoutMs: 2_000 },
    );
    expect(allowed.stderr).toMatch(/registration call failed; retrying/);
    expect(allowed.stderr).not.toMatch(/control character/);
  });

  it.each([
    ['500ms', /--ttl: etcd TTLs are whole seconds, got "500ms"/],
    ['1.5s', /--ttl: etcd TTLs are whole seconds, got "1.5s"/],
    ['99999999s', /--ttl: must be at most 596h31m23\.647s/],
  ])('--ttl %s', async (ttl, message) => {
    const r = await runCli(['register', '/services/web/instances/a', '10.0.0.1:80', '--ttl', ttl, ...NOWHERE]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
  });
});

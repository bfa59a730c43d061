// What the README tells a new user to run must work as written.
import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './support/temp-dir.js';

const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);
const tempDir = useTempDirs();
const readme = (): Promise<string> => readFile(join(ROOT, 'README.md'), 'utf8');
const readDoc = (name: string): Promise<string> => readFile(join(ROOT, 'docs', name), 'utf8');

describe('README', () => {
  it('`npm link` after the build puts a working `confetti` on the PATH', async () => {
    expect(await readme()).toContain('npm ci && npm run build &&\nnpm link');
    const prefix = await tempDir();
    // npm_config_prefix: the link goes to this temp "global" prefix, not the machine's.
    await run('npm', ['link', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: ROOT,
      env: { ...process.env, npm_config_prefix: prefix },
      timeout: 60_000,
    });
    const { stdout } = await run(join(prefix, 'bin', 'confetti'), ['--version'], { env: { PATH: process.env.PATH ?? '' } });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+ \(node v\d+\.\d+\.\d+\)$/);
  });

  it("the systemd unit's Documentation= is a file the install steps (docs/haproxy.md) put there", async () => {
    const unit = await readFile(join(ROOT, 'deploy/systemd/confetti.service'), 'utf8');
    const doc = /^Documentation=file:\/\/(\/\S+)$/m.exec(unit)?.[1];
    expect(doc).toBeDefined();
    const text = await readDoc('haproxy.md');
    const block = /## 3\. systemd unit\n\n[^\n]*\n\n```sh\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
    const installLines = block.split('\n').filter((l) => l.startsWith('install -D -m 0644 README.md'));
    expect(installLines).toHaveLength(1);
    // run it against a temp root instead of /opt
    const root = await tempDir();
    const script = installLines.map((l) => l.replaceAll('/opt/', `${root}/`)).join('\n');
    await run('sh', ['-c', script], { cwd: ROOT });
    await access((doc ?? '').replace('/opt/', `${root}/`));
  });

  it('shows template error paths as absolute, as real errors are', async () => {
    const examples = (await readDoc('templates.md')).match(/`[^`\s]*\.hbs:\d+:\d+:[^`]*`/g) ?? [];
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const e of examples) expect(e).toMatch(/^`\//);
  });
});

// deploy/prometheus/confetti-alerts.yaml is valid for Prometheus, and each alert fires when it should (promtool).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('the alert rules operators load', () => {
  it('pass `promtool check rules`', async () => {
    const { stdout } = await run('promtool', ['check', 'rules', 'deploy/prometheus/confetti-alerts.yaml'], { cwd: ROOT });
    expect(stdout).toMatch(/SUCCESS: 5 rules found/);
  });

  it('fire on the series that should fire them and stay silent otherwise (`promtool test rules`)', async () => {
    const { stdout } = await run('promtool', ['test', 'rules', 'test/ops/confetti-alerts.promtest.yaml'], { cwd: ROOT });
    expect(stdout).toContain('SUCCESS');
  });
});

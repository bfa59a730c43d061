import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { writeConfdir } from './confdir.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();

describe('confetti render with nothing to render', () => {
  it('exits non-zero naming the empty conf.d', async () => {
    const { confdir, data } = await writeConfdir(await tempDir(), { resources: { 'README.md': 'not a resource' }, templates: {} });
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`no resource files (*.yaml, *.yml, *.toml) in ${confdir}/conf.d: nothing to render`);
  });
});

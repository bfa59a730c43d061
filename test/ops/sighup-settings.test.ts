// A real SIGHUP to the built `confetti watch` after editing its settings file: live settings take effect, restart-only
// ones are warned about by name (src/daemon/config-reloader.test.ts goes through every setting of the table).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { DaemonProcess, isRender, useEtcdWithDaemons } from './daemon-process.js';

const tempDir = useTempDirs('confetti-sighup-');
const ops = useEtcdWithDaemons();

describe('SIGHUP re-reads the settings file', () => {
  it('applies max_output_size and warns that kill_timeout, exec_restart and dns_refresh need a restart', async () => {
    const dir = await tempDir();
    const conf = join(dir, 'etc');
    await mkdir(join(conf, 'conf.d'), { recursive: true });
    await mkdir(join(conf, 'templates'), { recursive: true });
    await writeFile(join(conf, 'templates', 'app.hbs'), 'x={{getv "/sh1/x"}}\n');
    const dest = join(dir, 'app.conf');
    await writeFile(join(conf, 'conf.d', 'app.yaml'), `src: app.hbs\ndest: ${dest}\nkeys: ["/sh1"]\n`);
    const settingsFile = join(dir, 'confetti.yaml');
    await writeFile(settingsFile, `confdir: ${conf}\n`);
    await ops.etcd.put('/sh1/x', '1');
    const d = new DaemonProcess(['--config', settingsFile, '--endpoints', ops.etcd.endpoints.join(','), '--no-watch-config']);
    ops.daemons.push(d);
    await d.log(isRender('app', 'written'), 'first render');

    await writeFile(settingsFile, `confdir: ${conf}\nkill_timeout: 2s\nexec_restart: true\ndns_refresh: 1m\nmax_output_size: 16\n`);
    const from = d.records.length;
    d.kill('SIGHUP');
    await d.log((r) => r.msg === 'configuration reloaded', 'reload record', { from });
    const restart = d.find((r) => r.level === 'warn' && r.msg.includes('needs a restart'), from).map((r) => r.setting);
    expect(restart.sort()).toEqual(['dns_refresh', 'exec_restart', 'kill_timeout']);

    // max_output_size is live: a render over 16 bytes now fails and the file keeps its last good content.
    await ops.etcd.put('/sh1/x', 'a value longer than sixteen bytes');
    const failed = await d.log((r) => r.msg === 'render failed' && r.resource === 'app', 'render refused as too large', { from });
    expect(String(failed.error)).toContain('exceeds maxOutputSize (16 bytes)');
    expect(await readFile(dest, 'utf8')).toBe('x=1\n');
  });
});

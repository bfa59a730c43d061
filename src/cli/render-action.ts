// The body of `confetti render`, loaded only when that command runs (keeps start-up of the others light).
import { join } from 'node:path';
import { createKeySource } from '../backends/create-key-source.js';
import { backendOptionsOf } from './backend-options.js';
import { describeProblem } from '../config/problems.js';
import { runOneShot } from '../daemon/one-shot.js';
import { ConfigError, describeError } from '../errors.js';
import { partialsDirOf } from '../template/load-template.js';
import { TemplateStore } from '../template/template-store.js';
import { DnsCache } from '../dns/dns-cache.js';
import { createSystemResolver } from '../dns/system-resolver.js';
import { loadContext } from './context.js';
import { abortOnSignals, explainAbort } from './signals.js';
import { exitCodeOfAll } from './exit.js';

export async function runRender(flags: Record<string, unknown>): Promise<void> {
  const { settings, logger, resources, problems } = await loadContext(flags);
  const { dryRun } = settings;
  for (const p of problems) process.stderr.write(`failed       ${describeProblem(p.error)}\n`);
  // Rendering nothing is not success: a wrong --confdir or an empty image layer must not pass a start-up check.
  if (resources.length === 0 && problems.length === 0) {
    const dir = join(settings.confdir, 'conf.d');
    throw new ConfigError('NO_RESOURCES', `no resource files (*.yaml, *.yml, *.toml) in ${dir}: nothing to render`, { file: dir });
  }
  const source = await createKeySource(backendOptionsOf(settings), { env: process.env });
  const signals = abortOnSignals({
    stop: 'the render was cancelled; files not yet written were left as they were',
    force: 'the render was cancelled and its commands killed; files not yet written were left as they were',
  });
  const { signal, dispose } = signals;
  try {
    const deps = {
      templates: new TemplateStore({ partialsDir: partialsDirOf(settings.confdir) }),
      env: process.env,
      logger,
      dns: new DnsCache({ resolver: createSystemResolver(), logger, timeoutMs: settings.dnsTimeout }),
      options: {
        syncOnly: settings.syncOnly,
        keepStageFile: settings.keepStageFile,
        dryRun,
        maxOutputSize: settings.maxOutputSize,
        renderTimeoutMs: settings.renderTimeout,
      },
    };
    const { results } = await runOneShot({ resources, source, deps, logger, waitForDataMs: settings.waitForData ?? 0 }, signal);
    // One write for the whole summary: a write per line was 300 syscalls for 300 resources.
    let summary = '';
    for (const r of results) {
      // Output errors start with dest, which this line shows already.
      const reason = r.outcome === 'failed' ? `: ${describeError(r.error).replace(`${r.resource.dest}: `, '')}` : '';
      // The outcome word is the one logs and confetti_renders_total use: written, unchanged, would-write, failed.
      summary += `${r.outcome.padEnd(13)}${r.resource.name} ${r.resource.dest}${reason}\n`;
      if (r.diff) summary += r.diff;
    }
    if (summary !== '') process.stdout.write(summary);
    const failures = [...problems.map((p) => p.error), ...results.filter((r) => r.outcome === 'failed').map((r) => r.error)];
    if (failures.length > 0) process.exitCode = exitCodeOfAll(failures);
  } catch (error) {
    throw explainAbort(error, signals);
  } finally {
    dispose();
    await source.close();
  }
}

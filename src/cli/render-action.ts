// The body of `confetti render`, loaded only when that command runs (keeps start-up of the others light).
import { join } from 'node:path';
import { createKeySource } from '../backends/create-key-source.js';
import { describeProblem } from '../config/index.js';
import { runOneShot } from '../daemon/one-shot.js';
import type { ResourceResult } from '../daemon/render-resource.js';
import { ConfigError, describeError } from '../errors.js';
import { TemplateStore, partialsDirOf } from '../template/index.js';
import { DnsCache } from '../dns/dns-cache.js';
import { createSystemResolver } from '../dns/system-resolver.js';
import { loadContext } from './context.js';
import { abortOnSignals, explainAbort } from './signals.js';
import { exitCodeOfAll } from './exit.js';

const LABEL: Record<ResourceResult['outcome'], string> = {
  written: 'changed',
  unchanged: 'unchanged',
  'would-write': 'would-change',
  failed: 'failed',
};

export async function runRender(flags: Record<string, unknown>): Promise<void> {
  const dryRun = flags.dryRun === true;
  const { settings, logger, resources, problems } = await loadContext(flags);
  for (const p of problems) process.stderr.write(`failed       ${describeProblem(p.error)}\n`);
  // Rendering nothing is not success: a wrong --confdir or an empty image layer must not pass a start-up check.
  if (resources.length === 0 && problems.length === 0) {
    const dir = join(settings.confdir, 'conf.d');
    throw new ConfigError('NO_RESOURCES', `no resource files (*.yaml, *.yml, *.toml) in ${dir}: nothing to render`, { file: dir });
  }
  const source = await createKeySource(settings, { env: process.env });
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
      dns: new DnsCache({ resolver: createSystemResolver(), logger, timeoutMs: settings.dnsTimeoutMs }),
      options: { syncOnly: settings.syncOnly, keepStageFile: settings.keepStageFile, dryRun, maxOutputSize: settings.maxOutputSize, renderTimeoutMs: settings.renderTimeoutMs },
    };
    const { results } = await runOneShot({ resources, source, deps, logger, waitForDataMs: settings.waitForDataMs ?? 0 }, signal);
    for (const r of results) {
      // Output errors start with dest, which this line shows already.
      const reason = r.outcome === 'failed' ? `: ${describeError(r.error).replace(`${r.resource.dest}: `, '')}` : '';
      process.stdout.write(`${LABEL[r.outcome].padEnd(13)}${r.resource.name} ${r.resource.dest}${reason}\n`);
      if (r.diff) process.stdout.write(r.diff);
    }
    const failures = [...problems.map((p) => p.error), ...results.filter((r) => r.outcome === 'failed').map((r) => r.error)];
    if (failures.length > 0) process.exitCode = exitCodeOfAll(failures);
  } catch (error) {
    throw explainAbort(error, signals);
  } finally {
    dispose();
    await source.close();
  }
}

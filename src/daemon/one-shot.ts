// One consistent snapshot, one cycle over every resource: `confetti render`.
import type { KeySource } from '../backends/key-source.js';
import { mergePrefixes } from '../keys/prefix.js';
import type { Resource } from '../config/resource.js';
import type { Logger } from '../log/logger.js';
import { Mirror, REFUSED_KEY } from '../mirror/mirror.js';
import { cleanStages } from './clean-stages.js';
import { runCycle, type CycleResult } from './cycle.js';
import type { PipelineDeps, TemplateSource } from './render-resource.js';
import type { CompiledTemplate } from '../template/compile.js';
import { takeSnapshot } from './take-snapshot.js';

export interface OneShotOptions {
  resources: readonly Resource[];
  source: KeySource;
  deps: PipelineDeps;
  logger: Logger;
  /** Retry an unreachable store this long (--wait-for-data); 0 fails fast. */
  waitForDataMs: number;
}

export async function runOneShot(opts: OneShotOptions, signal: AbortSignal): Promise<CycleResult> {
  const prefixes = mergePrefixes(opts.resources.flatMap((r) => r.prefixes));
  const mirror = new Mirror({ onRefusedKey: (key) => opts.logger.warn(REFUSED_KEY, { backend: opts.source.name, key }) });
  if (!opts.deps.options.dryRun) await cleanStages(opts.resources, opts.logger);
  mirror.load(await takeSnapshot(opts.source, prefixes, { signal, logger: opts.logger, retryForMs: opts.waitForDataMs }));
  return runCycle(opts.resources, mirror.view(), { ...opts.deps, templates: oncePerFile(opts.deps.templates) }, signal);
}

/**
 * One render, one get() of each template file. The TemplateStore already pins a template it compiled, so what this
 * adds is for failures: a template that cannot be read or compiled is tried once per run and fails every resource
 * using it, instead of being read again for each (300 services sharing one broken svc.hbs).
 */
function oncePerFile(templates: TemplateSource): TemplateSource {
  const loaded = new Map<string, Promise<CompiledTemplate>>();
  return {
    get(file) {
      let template = loaded.get(file);
      if (template === undefined) {
        template = templates.get(file);
        loaded.set(file, template);
      }
      return template;
    },
  };
}

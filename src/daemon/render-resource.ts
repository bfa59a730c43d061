// One resource through render → output. Errors are returned, never thrown: a failing resource never stops the others.
import type { Resource } from '../config/resource.js';
import type { Logger } from '../log/logger.js';
import type { View } from '../mirror/view.js';
import { writeOutput } from '../output/write-output.js';
import type { CommandOutcome } from '../errors.js';
import type { CompiledTemplate } from '../template/compile.js';
import type { DnsCache } from '../dns/dns-cache.js';
import { renderResolving } from '../dns/render-passes.js';
import { nowMs } from '../clock.js';

export interface PipelineOptions {
  syncOnly: boolean;
  keepStageFile: boolean;
  dryRun: boolean;
  maxOutputSize: number;
  /** Abandon a render after this long (default: no limit). */
  renderTimeoutMs?: number;
}

/** Where compiled templates come from: a TemplateStore (template/template-store.ts). */
export interface TemplateSource {
  get(file: string): Promise<CompiledTemplate>;
}

export interface PipelineDeps {
  templates: TemplateSource;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  options: PipelineOptions;
  /** Answers for lookupIP/lookupSRV; without it they render empty lists. */
  dns?: DnsCache | undefined;
  /** Resources whose last render failed (kept across cycles): the next good one is logged at info as a recovery. */
  failing?: Set<string> | undefined;
}

export type ResourceOutcome = 'written' | 'unchanged' | 'would-write' | 'failed';

export interface ResourceResult {
  resource: Resource;
  outcome: ResourceOutcome;
  revision: bigint;
  ms: number;
  error?: unknown;
  diff?: string;
  /** check_cmd's outcome when it ran and passed (a failure is the CheckFailedError in `error`). */
  check?: CommandOutcome;
}

/** Render `resource` from the store-wide `view` and hand the bytes to the output stage. */
export async function renderResource(resource: Resource, view: View, deps: PipelineDeps, signal: AbortSignal): Promise<ResourceResult> {
  const started = nowMs();
  const base = { resource, revision: view.revision };
  try {
    const template = await deps.templates.get(resource.src);
    const scoped = view.scope(resource.prefixes, resource.prefix);
    const warn = (message: string, fields: Record<string, unknown>): void =>
      deps.logger.warn(message, { resource: resource.name, ...fields });
    const ctx = { env: deps.env, maxOutputSize: deps.options.maxOutputSize, timeoutMs: deps.options.renderTimeoutMs, warn };
    const content = deps.dns
      ? await renderResolving((dns) => template.render(scoped, { ...ctx, dns }), deps.dns, resource.name, deps.logger, signal)
      : template.render(scoped, ctx);
    const result = await writeOutput(
      {
        resource: resource.name,
        dest: resource.dest,
        mode: resource.mode,
        uid: resource.uid,
        gid: resource.gid,
        checkCmd: resource.checkCmd,
        backup: resource.backup,
        createDirs: resource.createDirs,
        commandTimeoutMs: resource.commandTimeoutMs,
      },
      content,
      { signal, keepStageFile: deps.options.keepStageFile, syncOnly: deps.options.syncOnly, dryRun: deps.options.dryRun },
    );
    const ms = nowMs() - started;
    if (result.outcome === 'would-write') return { ...base, outcome: 'would-write', diff: result.diff, ms };
    if (result.outcome === 'written' && result.check) return { ...base, outcome: 'written', check: result.check, ms };
    return { ...base, outcome: result.outcome, ms };
  } catch (error) {
    return { ...base, outcome: 'failed', error, ms: nowMs() - started };
  }
}

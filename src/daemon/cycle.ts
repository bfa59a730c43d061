// A cycle: render the given resources from one view, then run each distinct reload command once, in resource order.
import { expandCommand, runReloads } from '../commands/index.js';
import type { Resource } from '../config/resource.js';
import { describeError } from '../errors.js';
import type { View } from '../mirror/view.js';
import { renderResource, type PipelineDeps, type ResourceResult } from './render-resource.js';

export interface ReloadResult {
  command: string;
  resources: string[];
  ok: boolean;
  error?: unknown;
}

export interface CycleResult {
  results: ResourceResult[];
  reloads: ReloadResult[];
}

export async function runCycle(resources: readonly Resource[], view: View, deps: PipelineDeps, signal: AbortSignal): Promise<CycleResult> {
  const results: ResourceResult[] = [];
  for (const resource of resources) {
    if (signal.aborted) break;
    const result = await renderResource(resource, view, deps, signal);
    logResult(deps, result);
    results.push(result);
  }
  const reloads = await reloadChanged(results, deps, signal);
  // A resource whose reload failed did not reach its service: report it as failed so it is retried.
  for (const reload of reloads.filter((r) => !r.ok)) {
    for (const result of results) {
      if (reload.resources.includes(result.resource.name)) {
        result.outcome = 'failed';
        result.error = reload.error;
      }
    }
  }
  return { results, reloads };
}

async function reloadChanged(results: ResourceResult[], deps: PipelineDeps, signal: AbortSignal): Promise<ReloadResult[]> {
  if (deps.options.syncOnly || deps.options.dryRun) return [];
  const requests = results
    .filter((r) => r.outcome === 'written' && r.resource.reloadCmd)
    .map((r) => ({
      resource: r.resource.name,
      command: expandCommand(r.resource.reloadCmd as string, { dest: r.resource.dest }),
      timeoutMs: r.resource.commandTimeoutMs,
    }));
  if (requests.length === 0) return [];
  const ran = await runReloads(requests, signal);
  return ran.map((r) => {
    const ok = r.error === undefined;
    const fields = { command: r.command, resources: r.resources, exitCode: r.outcome.exitCode, ms: Math.round(r.outcome.ms) };
    if (ok) deps.logger.info('reload command ran', fields);
    else deps.logger.error('reload command failed', { ...fields, timedOut: r.outcome.timedOut, output: r.outcome.output.slice(-2000) });
    return { command: r.command, resources: r.resources, ok, ...(ok ? {} : { error: r.error }) };
  });
}

function logResult(deps: PipelineDeps, r: ResourceResult): void {
  const fields = { resource: r.resource.name, dest: r.resource.dest, revision: r.revision, outcome: r.outcome, ms: Math.round(r.ms * 10) / 10 };
  if (r.outcome === 'failed') deps.logger.error('render failed', { ...fields, error: describeError(r.error) });
  else if (r.outcome === 'unchanged') deps.logger.debug('render', fields);
  else deps.logger.info('render', fields);
}

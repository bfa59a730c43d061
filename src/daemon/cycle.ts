// A cycle: render the given resources from one view, then run each distinct reload command once, in resource order.
import { expandCommand } from '../commands/expand-command.js';
import type { Resource } from '../config/resource.js';
import { describeError, type CommandOutcome } from '../errors.js';
import type { View } from '../mirror/view.js';
import { commandFailureFields, outcomeLabel } from './outcome-label.js';
import { renderResource, type PipelineDeps, type ResourceResult } from './render-resource.js';

/** A reload as the cycle reports it to logs and metrics: `ok` false sends its resources back to be retried. */
export interface CycleReload {
  command: string;
  resources: string[];
  ok: boolean;
  error?: unknown;
  /** Exit code, timing and output of the run. */
  outcome?: CommandOutcome;
}

export interface CycleResult {
  results: ResourceResult[];
  reloads: CycleReload[];
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
        deps.failing?.add(result.resource.name);
      }
    }
  }
  return { results, reloads };
}

async function reloadChanged(results: ResourceResult[], deps: PipelineDeps, signal: AbortSignal): Promise<CycleReload[]> {
  if (deps.options.syncOnly || deps.options.dryRun) return [];
  const requests = results
    .filter((r) => r.outcome === 'written' && r.resource.reloadCmd)
    .map((r) => ({
      resource: r.resource.name,
      command: expandCommand(r.resource.reloadCmd as string, { dest: r.resource.dest }),
      timeoutMs: r.resource.commandTimeoutMs,
    }));
  if (requests.length === 0) return [];
  // Loaded on first use, like check_cmd's runner (output/check.ts).
  const { runReloads } = await import('../commands/run-reloads.js');
  const ran = await runReloads(requests, signal);
  return ran.map((r) => {
    const ok = r.error === undefined;
    const fields = {
      kind: 'reload',
      command: r.command,
      resources: r.resources,
      outcome: ok ? 'ok' : 'failed',
      exitCode: r.outcome.exitCode,
      ms: Math.round(r.outcome.ms),
    };
    if (ok) deps.logger.info('command ran', fields);
    else deps.logger.error('command failed', { ...fields, ...commandFailureFields(r.error) });
    return { command: r.command, resources: r.resources, ok, outcome: r.outcome, ...(ok ? {} : { error: r.error }) };
  });
}

// One record per render, and one per check command that ran; a failure carries exit code and output tail.
function logResult(deps: PipelineDeps, r: ResourceResult): void {
  const fields = {
    resource: r.resource.name,
    dest: r.resource.dest,
    revision: r.revision,
    outcome: outcomeLabel(r),
    ms: Math.round(r.ms * 10) / 10,
  };
  if (r.check) {
    const check = {
      kind: 'check',
      resource: r.resource.name,
      command: r.check.command,
      outcome: 'ok',
      exitCode: r.check.exitCode,
      ms: Math.round(r.check.ms),
    };
    deps.logger.info('command ran', check);
  }
  if (r.outcome === 'failed') {
    deps.failing?.add(r.resource.name);
    deps.logger.error('render failed', { ...fields, error: firstLine(describeError(r.error)), ...commandFailureFields(r.error) });
    return;
  }
  // After failures, an unchanged render is still news: the resource is good again (e.g. the store was put back).
  const recovered = deps.failing?.delete(r.resource.name) === true;
  if (r.outcome === 'unchanged' && !recovered) deps.logger.debug('render', fields);
  else deps.logger.info('render', recovered ? { ...fields, recovered: true } : fields);
}

// The command's output goes in its own field; the message keeps its first line.
function firstLine(text: string): string {
  const i = text.indexOf('\n');
  return i === -1 ? text : text.slice(0, i);
}

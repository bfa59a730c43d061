import { CommandError, type CommandOutcome } from '../errors.js';
import { describeOutcome, isSuccess, withOutput } from './outcome.js';
import { runCommand } from './run-command.js';

export interface ReloadRequest {
  resource: string;
  command: string;
  timeoutMs: number;
}

/** One run of a distinct reload_cmd, with the resources that asked for it. */
export interface ReloadRun {
  command: string;
  resources: string[];
  outcome: CommandOutcome;
  error?: CommandError;
}

/**
 * Run each distinct reload command once, in first-appearance order; returns one result per distinct command with
 * the resource names that asked for it. A failing reload never stops the next; an abort does (throws its reason).
 */
export async function runReloads(requests: ReloadRequest[], signal: AbortSignal): Promise<ReloadRun[]> {
  const results: ReloadRun[] = [];
  for (const group of groupByCommand(requests)) {
    const outcome = await runCommand(group.command, { timeoutMs: group.timeoutMs, signal });
    const result: ReloadRun = { command: group.command, resources: group.resources, outcome };
    if (!isSuccess(outcome)) result.error = reloadError(group, outcome);
    results.push(result);
  }
  return results;
}

interface ReloadGroup {
  command: string;
  resources: string[];
  timeoutMs: number;
}

// Two resources sharing a reload get the longer of their timeouts: neither asked for less time.
function groupByCommand(requests: ReloadRequest[]): ReloadGroup[] {
  const groups = new Map<string, ReloadGroup>();
  for (const { resource, command, timeoutMs } of requests) {
    const group = groups.get(command);
    if (group === undefined) {
      groups.set(command, { command, resources: [resource], timeoutMs });
      continue;
    }
    if (!group.resources.includes(resource)) group.resources.push(resource);
    group.timeoutMs = Math.max(group.timeoutMs, timeoutMs);
  }
  return [...groups.values()];
}

function reloadError(group: ReloadGroup, outcome: CommandOutcome): CommandError {
  const code = outcome.timedOut ? 'RELOAD_TIMEOUT' : 'RELOAD_FAILED';
  const message = `reload_cmd \`${group.command}\` of ${group.resources.join(', ')} failed: ${describeOutcome(outcome, group.timeoutMs)}`;
  return new CommandError(code, withOutput(message, outcome), outcome, { key: 'reload_cmd' });
}

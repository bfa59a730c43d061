// The body of `confetti check`, loaded only when that command runs.
import { unexpandedPlaceholders } from '../commands/expand-command.js';
import { describeProblem } from '../config/problems.js';
import type { Resource } from '../config/resource.js';
import { ConfigError } from '../errors.js';
import { partialsDirOf } from '../template/load-template.js';
import { TemplateStore } from '../template/template-store.js';
import { loadContext } from './context.js';
import { exitCodeOfAll, formatError } from './exit.js';

export async function runCheck(flags: Record<string, unknown>): Promise<void> {
  const { settings, resources, problems } = await loadContext(flags);
  const lines = problems.map((p) => describeProblem(p.error));
  const failures: unknown[] = problems.map((p) => p.error);
  const templates = new TemplateStore({ partialsDir: partialsDirOf(settings.confdir) });
  for (const r of resources) {
    try {
      await templates.get(r.src);
    } catch (error) {
      lines.push(`${r.file}: ${formatError(error)}`);
      failures.push(error);
    }
  }
  for (const r of resources) {
    const unknown = placeholderProblems(r);
    lines.push(...unknown);
    if (unknown.length > 0) failures.push(new ConfigError('UNKNOWN_PLACEHOLDER', unknown.join('\n'), { file: r.file }));
  }
  for (const line of lines) process.stderr.write(line + '\n');
  process.stdout.write(`${resources.length + problems.length} resource file(s), ${lines.length} problem(s)\n`);
  if (failures.length > 0) process.exitCode = exitCodeOfAll(failures);
}

// check_cmd gets {{src}} (the staged file) and {{dest}}; reload_cmd runs after the swap and gets {{dest}} only.
function placeholderProblems(r: Resource): string[] {
  const commands = [
    ['check_cmd', r.checkCmd, ['src', 'dest']],
    ['reload_cmd', r.reloadCmd, ['dest']],
  ] as const;
  return commands.flatMap(([key, command, given]) =>
    unexpandedPlaceholders(command ?? '', given).map(
      (p) => `${r.file}: ${key}: ${p} is not replaced (${key} knows ${given.map((g) => `{{${g}}}`).join(' and ')}) [UNKNOWN_PLACEHOLDER]`,
    ),
  );
}

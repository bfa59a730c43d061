// The body of `confetti check`, loaded only when that command runs.
import { describeProblem } from '../config/index.js';
import { EXIT_CODES } from '../errors.js';
import { TemplateCache, partialsDirOf } from '../template/index.js';
import { loadContext } from './context.js';
import { formatError } from './exit.js';

export async function runCheck(flags: Record<string, unknown>): Promise<void> {
  const { settings, resources, problems } = await loadContext(flags);
  const lines = problems.map((p) => describeProblem(p.error));
  const templates = new TemplateCache({ partialsDir: partialsDirOf(settings.confdir) });
  for (const r of resources) {
    try {
      await templates.get(r.src);
    } catch (error) {
      lines.push(`${r.file}: ${formatError(error)}`);
    }
  }
  for (const line of lines) process.stderr.write(line + '\n');
  process.stdout.write(`${resources.length + problems.length} resource file(s), ${lines.length} problem(s)\n`);
  if (lines.length > 0) process.exitCode = EXIT_CODES.config;
}

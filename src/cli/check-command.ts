// `confetti check`: validate settings and resources and compile every template, without a backend.
import { Command } from 'commander';
import { describeProblem } from '../config/index.js';
import { EXIT_CODES } from '../errors.js';
import { TemplateCache } from '../template/index.js';
import { loadContext } from './context.js';
import { formatError } from './exit.js';
import { addCommonOptions, givenOptions } from './options.js';

export function createCheckCommand(): Command {
  const cmd = new Command('check').description('validate settings, resource files and templates without touching a backend');
  addCommonOptions(cmd);
  cmd.action(async () => {
    const { resources, problems } = await loadContext(givenOptions(cmd));
    const lines = problems.map((p) => describeProblem(p.error));
    const templates = new TemplateCache();
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
  });
  return cmd;
}

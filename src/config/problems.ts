// Every problem in a settings or resource file is collected, then thrown together (confd stops at the first).
import { ConfigError, type ErrorCode } from '../errors.js';

export type KeyPath = readonly (string | number)[];

export interface ProblemSite {
  file?: string | undefined;
  key?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
}

/** Thrown when a file (or the settings as a whole) has problems; `problems` holds one error per problem. */
export class ConfigProblemsError extends ConfigError {
  readonly problems: readonly ConfigError[];
  constructor(summary: string, unsorted: readonly ConfigError[]) {
    // Flags and env first (no file), then by file and line: the order a reader fixes them in.
    const problems = [...unsorted].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
    const first = problems[0];
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const lines = problems.map((p) => `  ${describeProblem(p)}`).join('\n');
    super('CONFIG_INVALID', `${summary} (${count}):\n${lines}`, {
      cause: new AggregateError(problems, summary),
      file: first?.file,
      key: first?.key,
      line: first?.line,
      column: first?.column,
    });
    this.problems = problems;
  }
}

/** "file:line: key: message" (parts that are unknown are left out); one line per problem for a list. */
export function describeProblem(error: ConfigError): string {
  if (error instanceof ConfigProblemsError) return error.problems.map(describeProblem).join('\n');
  return describeSite(error, error.message);
}

export function describeSite(site: ProblemSite, message: string): string {
  const where = site.file === undefined ? '' : site.line === undefined ? site.file : `${site.file}:${site.line}`;
  return [where, site.key, message].filter((part) => part !== undefined && part !== '').join(': ');
}

/** ["wait", "min"] → "wait.min", ["keys", 2] → "keys[2]". */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

/** Collects errors and warnings while a file is checked. */
export class ProblemList {
  readonly errors: ConfigError[] = [];
  readonly warnings: string[] = [];

  add(code: ErrorCode, message: string, site: ProblemSite, cause?: unknown): void {
    this.errors.push(new ConfigError(code, message, { ...site, cause }));
  }

  warn(message: string, site: ProblemSite = {}): void {
    this.warnings.push(describeSite(site, message));
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }

  throwIfAny(summary: string): void {
    if (this.errors.length > 0) throw new ConfigProblemsError(summary, this.errors);
  }
}

// zod issues → problems with file, key path and line. zod/mini ships no messages, so these are ours.
import type * as z from 'zod/mini';
import { describeType } from '../errors.js';
import type { ParsedFile } from './parsed-file.js';
import { formatKeyPath } from './problems.js';
import type { KeyPath, ProblemList } from './problems.js';

export interface IssueContext {
  parsed: ParsedFile;
  problems: ProblemList;
  /** Path of the mapping whose keys are the fields (["template"] in confd's TOML). */
  base?: KeyPath;
  /** Keys a mapping at `path` accepts, for "did you mean" hints. */
  knownKeys(path: KeyPath): readonly string[];
  /** Extra advice for an unknown key, keyed by its dotted path. */
  hints?: Readonly<Record<string, string>>;
}

/** Report every issue; returns the fields (keys just below `base`) that had one, so later steps skip them. */
export function reportIssues(issues: readonly z.core.$ZodIssue[], ctx: IssueContext): Set<string> {
  const touched = new Set<string>();
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) reportUnknownKey([...path, key], ctx);
      continue;
    }
    const depth = ctx.base?.length ?? 0;
    if (path.length > depth && path[depth] !== undefined) touched.add(String(path[depth]));
    const site = { file: ctx.parsed.file, key: formatKeyPath(path), line: ctx.parsed.lineOf(path) };
    ctx.problems.add('CONFIG_INVALID_VALUE', messageFor(issue, valueAt(ctx.parsed.data, path)), site);
  }
  return touched;
}

function reportUnknownKey(path: KeyPath, ctx: IssueContext): void {
  const key = formatKeyPath(path);
  const name = String(path[path.length - 1]);
  const close = closest(name, ctx.knownKeys(path.slice(0, -1)));
  const advice = ctx.hints?.[key] ?? (close === undefined ? undefined : `did you mean "${close}"?`);
  ctx.problems.add('CONFIG_UNKNOWN_KEY', advice ? `unknown key; ${advice}` : 'unknown key', {
    file: ctx.parsed.file,
    key,
    line: ctx.parsed.lineOf(path),
  });
}

function messageFor(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type') {
    if (value === undefined) return 'is required';
    const expected = issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`;
    return `must be ${expected}, got ${describeType(value, 'with value')}`;
  }
  return issue.message;
}

function valueAt(data: unknown, path: KeyPath): unknown {
  let node = data;
  for (const part of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

// Edit distance ≤ 2 ("create_dir"), else a long shared start ("reload_command" → "reload_cmd").
function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const near = candidates.map((c) => ({ c, d: distance(lower, c) })).sort((a, b) => a.d - b.d)[0];
  if (near && near.d <= 2) return near.c;
  const shared = candidates.map((c) => ({ c, n: sharedStart(lower, c) })).sort((a, b) => b.n - a.n)[0];
  return shared && shared.n >= 5 ? shared.c : undefined;
}

function sharedStart(a: string, b: string): number {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

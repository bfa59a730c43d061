// The body of `confetti convert`: one line per resource on stdout, each place that needs a person on stderr.
import { ConvertInputError, convertConfdir, type ConvertOptions, type ResourceOutcome } from '../convert/convert-confdir.js';
import { EXIT_CODES } from '../errors.js';

const LABEL: Record<ResourceOutcome['status'], string> = {
  converted: 'converted',
  review: 'needs-review',
  exists: 'exists',
  unreadable: 'unreadable',
};

export async function runConvert(from: string, to: string, options: ConvertOptions): Promise<void> {
  let outcomes: ResourceOutcome[];
  try {
    outcomes = await convertConfdir(from, to, options);
  } catch (error) {
    if (!(error instanceof ConvertInputError)) throw error;
    process.stderr.write(`confetti convert: ${error.message}\n`);
    process.exitCode = EXIT_CODES.config;
    return;
  }
  for (const o of outcomes) {
    const what = o.reason ?? o.files.map((f) => f.path).join(' ');
    const count = o.notes.length > 0 ? ` (${o.notes.length} to review)` : '';
    process.stdout.write(
      `${(options.dryRun && (o.status === 'converted' || o.status === 'review') ? 'would-write' : LABEL[o.status]).padEnd(13)}${o.name} ${what}${count}\n`,
    );
    for (const n of o.notes) process.stderr.write(`${n.file}:${n.line}:${n.column}: ${n.construct} — ${n.todo}\n`);
    if (options.dryRun) for (const f of o.files) process.stdout.write(`--- ${f.path}\n${f.content}${f.content.endsWith('\n') ? '' : '\n'}`);
  }
  if (outcomes.some((o) => o.status === 'unreadable')) process.exitCode = EXIT_CODES.config;
  else if (outcomes.some((o) => o.status !== 'converted')) process.exitCode = EXIT_CODES.failed;
}

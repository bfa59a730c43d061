import { dirname } from 'node:path';
import type { CommandOutcome } from '../errors.js';
import type { OutputTarget, WriteOptions, WriteResult } from './output-target.js';
import { resolveDest } from './resolve-dest.js';
import { isUnchanged, readCurrent, wantedMeta } from './compare.js';
import { checkDestDir, createDestDir } from './dest-dir.js';
import { releaseStageFile, removeStageFile, stagePathFor, writeStageFile } from './stage-file.js';
import { runCheckCmd } from './check.js';
import { backupDest } from './backup.js';
import { swapIntoPlace } from './swap.js';
import { dropKeptStage, keepStage } from './kept-stage.js';

/**
 * The output contract: compare → stage (final mode from the first byte) → check → backup → rename + fsync dir.
 * Throws OutputError (naming dest) or CheckFailedError; on any failure dest is untouched.
 *
 * The steps every write takes (lstat, read, open, write, fchmod, rename) are synchronous syscalls; the two fsyncs,
 * check_cmd and the optional steps (create_dirs, backup, --dry-run's diff) are awaited. Why: docs/design.md, "The
 * output stage makes plain syscalls".
 */
export async function writeOutput(target: OutputTarget, content: string, opts: WriteOptions): Promise<WriteResult> {
  opts.signal.throwIfAborted();
  const bytes = Buffer.from(content, 'utf8');
  const resolved = resolveDest(target.dest);
  const real = resolved.path;
  // --dry-run's diff needs the old bytes whatever their size.
  const current = readCurrent(resolved, target.dest, opts.dryRun ? undefined : bytes.length);
  const wanted = wantedMeta(target, current);
  if (isUnchanged(current, bytes, wanted)) return { outcome: 'unchanged' };

  const dir = dirname(real);
  // A file found at dest means its directory exists: no second stat.
  const dirExists = resolved.stats !== undefined || checkDestDir(dir, target.dest, target.createDirs);
  if (opts.dryRun) {
    // jsdiff is loaded only for --dry-run.
    const { renderDiff } = await import('./diff.js');
    return { outcome: 'would-write', diff: renderDiff(target.dest, current, content, wanted) };
  }
  if (!dirExists) await createDestDir(dir, target.dest);

  const stage = stagePathFor(real);
  dropKeptStage(real);
  try {
    const ownerRequired = target.uid !== undefined || target.gid !== undefined;
    await writeStageFile(stage, bytes, wanted, ownerRequired, target.dest);
    let check: CommandOutcome | undefined;
    if (target.checkCmd !== undefined && !opts.syncOnly) check = await runCheckCmd(target, target.checkCmd, stage, opts.signal);
    opts.signal.throwIfAborted();
    if (target.backup && current !== undefined) await backupDest(real, target.dest);
    await swapIntoPlace(stage, real, target.dest);
    return check === undefined ? { outcome: 'written' } : { outcome: 'written', check };
  } catch (error) {
    if (opts.keepStageFile) throw keepStage(real, stage, error);
    try {
      removeStageFile(stage);
    } catch {
      // The step's own error says what failed; a stage file left behind is cleaned at the next start.
    }
    throw error;
  } finally {
    releaseStageFile(stage);
  }
}

// Entry point of the single executable (dist/bin/confetti, scripts/build-binary.mjs). Built with a startup snapshot,
// this file runs once at build time: the modules a one-shot render or check loads on first use are loaded then too,
// and a real render runs (snapshot-warm-up.ts) so their functions are compiled; each start only deserializes them.
// Watch and register stay lazy (not on a hot path), and so do the etcd clients: node:https cannot be in a startup
// snapshot (the build dies with SIGTRAP).
import { startupSnapshot } from 'node:v8';
import { createProgram } from './program.js';
import { runMain } from './run-main.js';

if (startupSnapshot.isBuildingSnapshot()) {
  // Built now, parsed at start: a process parses one command line, and each start deserializes a pristine program.
  const program = createProgram();
  startupSnapshot.setDeserializeMainFunction(() => runMain(program));
  void Promise.all([
    import('./render-action.js'),
    import('./check-action.js'),
    import('../backends/file-source.js'),
    import('../backends/env-source.js'),
    import('../commands/run-command.js'),
    import('../commands/run-reloads.js'),
    import('../output/diff.js'),
  ]).then(async () => (await import('./snapshot-warm-up.js')).warmUpForSnapshot());
} else {
  runMain();
}

export { runCommand, type RunCommandOptions } from './run-command.js';
export { expandCommand, type CommandVars } from './expand-command.js';
export { shellQuote } from './shell-quote.js';
export { runReloads, type ReloadRequest, type ReloadRun } from './run-reloads.js';
export { describeOutcome, isSuccess, withOutput } from './outcome.js';
export { killGroup } from './process-group.js';

export { writeOutput } from './write-output.js';
export { cleanStaleStageFiles } from './stale-stage.js';
export type { OutputTarget, WriteOptions, WriteResult, FileMeta } from './output-target.js';

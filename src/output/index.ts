export { writeOutput } from './write-output.js';
export { cleanStaleStageFiles, cleanStaleStagesOf } from './stale-stage.js';
export type { OutputTarget, WriteOptions, WriteResult, FileMeta } from './output-target.js';

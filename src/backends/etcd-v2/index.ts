export { createEtcdV2Source, DEFAULT_POLL_IDLE_MS, type EtcdV2SourceOptions } from './source.js';
export { EtcdV2Client, keysPath, type EtcdV2Options, type PollResult } from './client.js';
export { EtcdV2Error } from './answer.js';
export { flattenNode, toKeyEvents, V2_ERROR, type V2Node, type V2Response } from './flatten.js';
export { readSnapshot } from './snapshot.js';
export { watchV2, type Fanout, type WatchV2Options } from './watch.js';

export { createEtcdV3Source, type EtcdV3Source } from './source.js';
export { EtcdV3Client, type EtcdV3Options } from './client.js';
export { EtcdApiError } from './errors.js';
export type { Lease } from './lease.js';
export type { BackendEvent } from '../backend-event.js';

// KeySource over etcd v3: paged snapshot at one revision, one resuming watch stream.
import type { KeySource } from '../key-source.js';
import { EtcdV3Client, type EtcdV3Options } from './client.js';
import { readSnapshot } from './range.js';
import { watchPrefixes } from './watch.js';

export interface EtcdV3Source extends KeySource {
  /** The underlying client (lease, put, delete for `confetti register`). */
  readonly client: EtcdV3Client;
}

export function createEtcdV3Source(opts: EtcdV3Options): EtcdV3Source {
  const client = new EtcdV3Client(opts);
  return {
    name: 'etcd',
    client,
    snapshot: (prefixes, { signal }) => readSnapshot(client, prefixes, signal),
    watch: (prefixes, revision, { signal }) => watchPrefixes(client, prefixes, revision, signal),
    close() {
      client.close();
      return Promise.resolve();
    },
  };
}

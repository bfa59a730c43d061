// A snapshot of several prefixes at one X-Etcd-Index: parallel reads, retried until they agree,
// else one read of their common ancestor (always consistent, possibly larger).
import { setMaxListeners } from 'node:events';
import type { Snapshot } from '../../keys/snapshot.js';
import { commonAncestor, mergePrefixes } from '../../keys/prefix.js';
import type { EtcdV2Client, Tree } from './client.js';
import { flattenNode, type FlatTree } from './flatten.js';

/** Parallel rounds before the ancestor read (bench/v2-fanout.mjs: under a busy neighbour ~90% of rounds agree). */
export const SNAPSHOT_ROUNDS = 3;

export async function readSnapshot(
  client: Pick<EtcdV2Client, 'getTree' | 'currentIndex'>,
  prefixes: string[],
  signal: AbortSignal,
  rounds = SNAPSHOT_ROUNDS,
): Promise<Snapshot> {
  const merged = mergePrefixes(prefixes);
  if (merged.length === 0) return { revision: await client.currentIndex(signal), keys: new Map(), dirs: new Set() };
  // One abort listener per parallel GET: a private signal keeps many prefixes from tripping MaxListeners on the caller's.
  const each = AbortSignal.any([signal]);
  setMaxListeners(merged.length + 10, each);
  for (let round = 0; round < rounds; round++) {
    const trees = await Promise.all(merged.map((p) => client.getTree(p, each)));
    const index = trees[0]?.index ?? 0n;
    // v2 writes touch one key each, so reads at the same index are one state of the store.
    if (trees.every((t) => t.index === index)) return toSnapshot(trees, merged);
  }
  return toSnapshot([await client.getTree(commonAncestor(merged), signal)], merged);
}

function toSnapshot(trees: Tree[], prefixes: string[]): Snapshot {
  const flat: FlatTree = { keys: new Map(), dirs: new Set() };
  for (const tree of trees) if (tree.node) flattenNode(tree.node, prefixes, flat);
  return { revision: trees[0]?.index ?? 0n, keys: flat.keys, dirs: flat.dirs };
}

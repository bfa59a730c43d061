// A snapshot of several prefixes at one X-Etcd-Index: parallel reads, retried until they agree,
// else one read of their common ancestor (always consistent, possibly larger).
import type { Snapshot } from '../key-source.js';
import { commonAncestor, mergePrefixes } from '../prefix.js';
import type { EtcdV2Client, Tree } from './client.js';
import { flattenNode, type FlatTree } from './flatten.js';

/** Parallel rounds before falling back to the ancestor read (bench/v2-fanout.mjs: one round nearly always agrees). */
export const SNAPSHOT_ROUNDS = 3;

export async function readSnapshot(client: EtcdV2Client, prefixes: string[], signal: AbortSignal): Promise<Snapshot> {
  const merged = mergePrefixes(prefixes);
  if (merged.length === 0) return { revision: await client.currentIndex(signal), keys: new Map(), dirs: new Set() };
  for (let round = 0; round < SNAPSHOT_ROUNDS; round++) {
    const trees = await Promise.all(merged.map((p) => client.getTree(p, signal)));
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

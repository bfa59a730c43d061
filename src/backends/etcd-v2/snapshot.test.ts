// The retry-until-one-index logic with scripted reads; real-etcd snapshot tests live in test/etcd-v2/.
import { describe, expect, it } from 'vitest';
import type { Tree } from './client.js';
import { readSnapshot } from './snapshot.js';

/** A store whose reads answer at scripted indexes, logging which keys were read. */
function scripted(indexes: Record<string, number[]>): {
  reads: string[];
  getTree: (k: string) => Promise<Tree>;
  currentIndex: () => Promise<bigint>;
} {
  const reads: string[] = [];
  return {
    reads,
    currentIndex: () => Promise.resolve(0n),
    getTree: (key) => {
      reads.push(key);
      const index = BigInt(indexes[key]?.shift() ?? 99);
      const leaf = (k: string) => ({ key: k, value: `${k}@${index}` });
      const node =
        key === '/'
          ? {
              dir: true,
              nodes: [
                { key: '/a', dir: true, nodes: [leaf('/a/k')] },
                { key: '/b', dir: true, nodes: [leaf('/b/k')] },
              ],
            }
          : { key, dir: true, nodes: [leaf(`${key}/k`)] };
      return Promise.resolve({ index, node });
    },
  };
}
const signal = new AbortController().signal;

describe('readSnapshot', () => {
  it('accepts parallel reads that agree on one index', async () => {
    const store = scripted({ '/a': [7], '/b': [7] });
    const snap = await readSnapshot(store, ['/a', '/b'], signal);
    expect(snap.revision).toBe(7n);
    expect(store.reads).toEqual(['/a', '/b']);
  });

  it('reads again when the indexes differ, and uses the round that agrees', async () => {
    const store = scripted({ '/a': [7, 9], '/b': [8, 9] });
    const snap = await readSnapshot(store, ['/a', '/b'], signal);
    expect(snap.revision).toBe(9n);
    expect(Object.fromEntries(snap.keys)).toEqual({ '/a/k': '/a/k@9', '/b/k': '/b/k@9' });
  });

  it('falls back to one read of the common ancestor when rounds keep disagreeing', async () => {
    const store = scripted({ '/a': [1, 3, 5], '/b': [2, 4, 6], '/': [10] });
    const snap = await readSnapshot(store, ['/a', '/b'], signal);
    expect(store.reads.at(-1)).toBe('/');
    expect(snap.revision).toBe(10n);
    expect(Object.fromEntries(snap.keys)).toEqual({ '/a/k': '/a/k@10', '/b/k': '/b/k@10' });
  });
});

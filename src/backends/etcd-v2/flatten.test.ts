import { describe, expect, it } from 'vitest';
import { flattenNode, toKeyEvents, type FlatTree, type V2Node } from './flatten.js';

const tree: V2Node = {
  key: '/app',
  dir: true,
  nodes: [
    { key: '/app/a', value: '1' },
    { key: '/app/empty', dir: true },
    { key: '/app/sub', dir: true, nodes: [{ key: '/app/sub/b', value: '2' }] },
  ],
};
const root: V2Node = { dir: true, nodes: [tree, { key: '/application', dir: true, nodes: [{ key: '/application/x', value: 'no' }] }] };
const flat = (node: V2Node, prefixes: string[]): FlatTree => flattenNode(node, prefixes, { keys: new Map(), dirs: new Set() });

describe('flattenNode', () => {
  it('turns a recursive GET answer into flat keys and empty directories', () => {
    const out = flat(tree, ['/app']);
    expect([...out.keys]).toEqual([
      ['/app/a', '1'],
      ['/app/sub/b', '2'],
    ]);
    expect([...out.dirs]).toEqual(['/app/empty']);
  });

  it('keeps only keys under the prefixes when reading their common ancestor', () => {
    const out = flat(root, ['/app/sub', '/application']);
    expect([...out.keys.keys()]).toEqual(['/app/sub/b', '/application/x']);
    expect(out.dirs.size).toBe(0);
  });

  it('never lets /app cover /application', () => {
    expect([...flat(root, ['/app']).keys.keys()]).toEqual(['/app/a', '/app/sub/b']);
  });

  it('reads a prefix that is itself a key', () => {
    expect([...flat({ key: '/app/a', value: '1' }, ['/app/a']).keys]).toEqual([['/app/a', '1']]);
  });
});

describe('toKeyEvents', () => {
  const on = (action: string, node: V2Node, prevNode?: V2Node): unknown =>
    toKeyEvents({ action, node, ...(prevNode ? { prevNode } : {}) }, ['/app']);

  it.each(['set', 'create', 'update', 'compareAndSwap'])('maps %s of a key to a put', (action) => {
    expect(on(action, { key: '/app/a', value: 'v', modifiedIndex: 9 })).toEqual([{ type: 'put', key: '/app/a', value: 'v' }]);
  });

  it.each(['delete', 'compareAndDelete', 'expire'])('maps %s of a key to a delete', (action) => {
    expect(on(action, { key: '/app/a', modifiedIndex: 9 }, { key: '/app/a', value: 'v' })).toEqual([{ type: 'delete', key: '/app/a' }]);
  });

  it('maps a directory delete or expiry to a recursive delete', () => {
    expect(on('delete', { key: '/app/sub', dir: true })).toEqual([{ type: 'delete', key: '/app/sub', recursive: true }]);
    expect(on('expire', { key: '/app/sub' }, { key: '/app/sub', dir: true })).toEqual([
      { type: 'delete', key: '/app/sub', recursive: true },
    ]);
  });

  it('maps a new directory to a dir event and ignores a directory TTL update', () => {
    expect(on('set', { key: '/app/d', dir: true })).toEqual([{ type: 'dir', key: '/app/d' }]);
    expect(on('update', { key: '/app/d', dir: true }, { key: '/app/d', dir: true })).toEqual([]);
  });

  it('reports a deleted ancestor directory as a recursive delete of each watched prefix under it', () => {
    const res = { action: 'delete', node: { key: '/svc', dir: true } };
    expect(toKeyEvents(res, ['/svc/a', '/svc/b', '/other'])).toEqual([
      { type: 'delete', key: '/svc/a', recursive: true },
      { type: 'delete', key: '/svc/b', recursive: true },
    ]);
  });

  it('ignores events outside the prefixes, including look-alike siblings', () => {
    expect(on('set', { key: '/application/x', value: 'v' })).toEqual([]);
    expect(on('delete', { key: '/ap', dir: true })).toEqual([]);
    expect(on('delete', { key: '/', dir: true })).toEqual([{ type: 'delete', key: '/app', recursive: true }]);
  });
});

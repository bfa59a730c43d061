import { describe, expect, it } from 'vitest';
import { Mirror } from './mirror.js';
import { View } from './view.js';

describe('Mirror', () => {
  it('applies a revision atomically and returns the touched keys', () => {
    const m = new Mirror();
    m.load({ revision: 5n, keys: new Map([['/a/x', '1'], ['/a/y', '2']]) });
    const before = m.view();
    const touched = m.apply({ type: 'change', revision: 6n, events: [{ type: 'put', key: '/a/x', value: '9' }, { type: 'delete', key: '/a/y' }, { type: 'put', key: '/a/z', value: '3' }] });
    expect([...touched].sort()).toEqual(['/a/x', '/a/y', '/a/z']);
    expect(m.revision).toBe(6n);
    expect(m.view().entries()).toEqual([{ key: '/a/x', value: '9' }, { key: '/a/z', value: '3' }]);
    // a view taken earlier never changes
    expect(before.revision).toBe(5n);
    expect(before.entries()).toEqual([{ key: '/a/x', value: '1' }, { key: '/a/y', value: '2' }]);
  });

  it('does not report a put of the same value as a change', () => {
    const m = new Mirror();
    m.load({ revision: 1n, keys: new Map([['/a', '1']]) });
    expect(m.apply({ type: 'change', revision: 2n, events: [{ type: 'put', key: '/a', value: '1' }] }).size).toBe(0);
  });

  it('recursive delete removes everything below and nothing beside', () => {
    const m = new Mirror();
    m.load({ revision: 1n, keys: new Map([['/d/a', '1'], ['/d/b/c', '2'], ['/dx', '3']]) });
    m.apply({ type: 'change', revision: 2n, events: [{ type: 'delete', key: '/d', recursive: true }] });
    expect(m.view().keys).toEqual(['/dx']);
  });

  it('load reports exactly the keys that differ', () => {
    const m = new Mirror();
    expect(m.loaded).toBe(false);
    m.load({ revision: 1n, keys: new Map([['/a', '1'], ['/b', '2']]) });
    const changed = m.load({ revision: 9n, keys: new Map([['/a', '1'], ['/c', '3']]) });
    expect([...changed].sort()).toEqual(['/b', '/c']);
    expect(m.loaded).toBe(true);
  });
});

describe('View', () => {
  const view = View.fromEntries(3n, [
    ['/app', 'root'], ['/app-x/y', 'sib'], ['/app/a', '1'], ['/app/b/c', '2'], ['/application/z', 'no'],
  ]);

  it('keysUnder covers the key and its children, never a sibling prefix', () => {
    expect(view.keysUnder('/app')).toEqual(['/app', '/app/a', '/app/b/c']);
    expect(view.keysUnder('/app/b')).toEqual(['/app/b/c']);
    expect(view.keysUnder('/')).toHaveLength(5);
  });

  it('scope keeps the resource prefixes and strips the resource prefix', () => {
    const scoped = view.scope(['/app/b'], '/app');
    expect(scoped.entries()).toEqual([{ key: '/b/c', value: '2' }]);
    expect(scoped.revision).toBe(3n);
  });
});

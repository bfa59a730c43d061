import { describe, expect, it } from 'vitest';
import { Mirror } from './mirror.js';
import { View } from './view.js';

describe('Mirror', () => {
  it('applies a revision atomically and returns the touched keys', () => {
    const m = new Mirror();
    m.load({
      revision: 5n,
      keys: new Map([
        ['/a/x', '1'],
        ['/a/y', '2'],
      ]),
    });
    const before = m.view();
    const touched = m.apply({
      type: 'change',
      revision: 6n,
      events: [
        { type: 'put', key: '/a/x', value: '9' },
        { type: 'delete', key: '/a/y' },
        { type: 'put', key: '/a/z', value: '3' },
      ],
    });
    expect([...touched].sort()).toEqual(['/a/x', '/a/y', '/a/z']);
    expect(m.revision).toBe(6n);
    expect(m.view().entries()).toEqual([
      { key: '/a/x', value: '9' },
      { key: '/a/z', value: '3' },
    ]);
    // a view taken earlier never changes
    expect(before.revision).toBe(5n);
    expect(before.entries()).toEqual([
      { key: '/a/x', value: '1' },
      { key: '/a/y', value: '2' },
    ]);
  });

  it('skips keys with a trailing or doubled "/" in snapshots and events, reporting each once', () => {
    const refused: string[] = [];
    const m = new Mirror({ onRefusedKey: (key) => refused.push(key) });
    m.load({
      revision: 1n,
      keys: new Map([
        ['/a/b', '1'],
        ['/a/b/', '2'],
        ['/a//c', '3'],
        ['/a/c', '4'],
        ['a/d', '5'],
      ]),
    });
    expect(m.view().entries()).toEqual([
      { key: '/a/b', value: '1' },
      { key: '/a/c', value: '4' },
    ]);
    const touched = m.apply({
      type: 'change',
      revision: 2n,
      events: [
        { type: 'delete', key: '/a//c' },
        { type: 'put', key: '/a/b/', value: '9' },
      ],
    });
    expect(touched.size).toBe(0);
    expect(m.view().entries()).toEqual([
      { key: '/a/b', value: '1' },
      { key: '/a/c', value: '4' },
    ]);
    expect(refused).toEqual(['/a/b/', '/a//c', 'a/d']);
  });

  it('does not report a put of the same value as a change', () => {
    const m = new Mirror();
    m.load({ revision: 1n, keys: new Map([['/a', '1']]) });
    expect(m.apply({ type: 'change', revision: 2n, events: [{ type: 'put', key: '/a', value: '1' }] }).size).toBe(0);
  });

  it('recursive delete removes everything below and nothing beside', () => {
    const m = new Mirror();
    m.load({
      revision: 1n,
      keys: new Map([
        ['/d/a', '1'],
        ['/d/b/c', '2'],
        ['/dx', '3'],
      ]),
    });
    m.apply({ type: 'change', revision: 2n, events: [{ type: 'delete', key: '/d', recursive: true }] });
    expect(m.view().keys).toEqual(['/dx']);
  });

  it('load reports exactly the keys that differ', () => {
    const m = new Mirror();
    expect(m.loaded).toBe(false);
    m.load({
      revision: 1n,
      keys: new Map([
        ['/a', '1'],
        ['/b', '2'],
      ]),
    });
    const changed = m.load({
      revision: 9n,
      keys: new Map([
        ['/a', '1'],
        ['/c', '3'],
      ]),
    });
    expect([...changed].sort()).toEqual(['/b', '/c']);
    expect(m.loaded).toBe(true);
  });

  it('load keeps the entry object of every key whose value and validity are unchanged (a resync, an --interval poll)', () => {
    const m = new Mirror();
    const keys = new Map(Array.from({ length: 1000 }, (_, i) => [`/k/${String(i).padStart(4, '0')}`, `v${i}`] as [string, string]));
    m.load({ revision: 1n, keys });
    const before = m.view().entriesUnder('/k');
    const next = new Map(keys).set('/k/0010', 'changed').set('/k/0020', 'v20');
    next.delete('/k/0030');
    const changed = m.load({ revision: 2n, keys: next, invalid: new Set(['/k/0020']) });
    expect([...changed].sort()).toEqual(['/k/0010', '/k/0020', '/k/0030']);
    const after = new Map(
      m
        .view()
        .entriesUnder('/k')
        .map((e) => [e.key, e]),
    );
    const kept = before.filter((e) => after.get(e.key) === e).map((e) => e.key);
    expect(kept).toHaveLength(997);
    expect(kept).not.toContain('/k/0010');
    expect(kept).not.toContain('/k/0020'); // same text, now invalid UTF-8: a new entry
    expect(after.get('/k/0010')?.value).toBe('changed');
  });
});

describe('View', () => {
  const view = View.fromEntries(3n, [
    ['/app', 'root'],
    ['/app-x/y', 'sib'],
    ['/app/a', '1'],
    ['/app/b/c', '2'],
    ['/application/z', 'no'],
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

describe('Mirror: values that are not valid UTF-8', () => {
  it('carries the invalid keys of a snapshot into the view, and a load that fixes one reports it changed', () => {
    const m = new Mirror();
    m.load({
      revision: 1n,
      keys: new Map([
        ['/a/bad', 'a\uFFFD'],
        ['/a/ok', '1'],
      ]),
      invalid: new Set(['/a/bad']),
    });
    expect(m.view().isInvalid('/a/bad')).toBe(true);
    expect(m.view().isInvalid('/a/ok')).toBe(false);
    // Same text, now stored as valid UTF-8 (a real U+FFFD): still a change.
    const changed = m.load({
      revision: 2n,
      keys: new Map([
        ['/a/bad', 'a\uFFFD'],
        ['/a/ok', '1'],
      ]),
    });
    expect([...changed]).toEqual(['/a/bad']);
    expect(m.view().isInvalid('/a/bad')).toBe(false);
  });

  it('marks a put of invalid bytes, clears it with a later valid put of the same text, and reports both as touched', () => {
    const m = new Mirror();
    m.load({ revision: 1n, keys: new Map([['/a', 'x']]) });
    expect([
      ...m.apply({ type: 'change', revision: 2n, events: [{ type: 'put', key: '/a', value: '\uFFFD', invalidUtf8: true }] }),
    ]).toEqual(['/a']);
    expect(m.view().isInvalid('/a')).toBe(true);
    expect(m.view().has('/a')).toBe(true);
    expect([...m.apply({ type: 'change', revision: 3n, events: [{ type: 'put', key: '/a', value: '\uFFFD' }] })]).toEqual(['/a']);
    expect(m.view().isInvalid('/a')).toBe(false);
  });

  it('forgets an invalid key on delete and on a recursive delete above it', () => {
    const m = new Mirror();
    m.load({
      revision: 1n,
      keys: new Map([
        ['/a', '\uFFFD'],
        ['/d/b', '\uFFFD'],
      ]),
      invalid: new Set(['/a', '/d/b']),
    });
    const before = m.view();
    m.apply({
      type: 'change',
      revision: 2n,
      events: [
        { type: 'delete', key: '/a' },
        { type: 'delete', key: '/d', recursive: true },
      ],
    });
    m.apply({
      type: 'change',
      revision: 3n,
      events: [
        { type: 'put', key: '/a', value: 'ok' },
        { type: 'put', key: '/d/b', value: 'ok' },
      ],
    });
    expect(m.view().isInvalid('/a')).toBe(false);
    expect(m.view().isInvalid('/d/b')).toBe(false);
    // a view taken earlier keeps its own set
    expect(before.isInvalid('/a')).toBe(true);
  });

  it('scope strips the resource prefix from invalid keys too', () => {
    const m = new Mirror();
    m.load({
      revision: 1n,
      keys: new Map([
        ['/app/bad', '\uFFFD'],
        ['/app/ok', '1'],
        ['/other/bad', '\uFFFD'],
      ]),
      invalid: new Set(['/app/bad', '/other/bad']),
    });
    const scoped = m.view().scope(['/app'], '/app');
    expect(scoped.isInvalid('/bad')).toBe(true);
    expect(scoped.isInvalid('/ok')).toBe(false);
    expect(scoped.isInvalid('/app/bad')).toBe(false);
    expect(m.view().scope(['/app']).isInvalid('/other/bad')).toBe(false);
  });
});

describe('Mirror views across key additions and removals', () => {
  it('keeps keys sorted without a full re-sort, and earlier views unchanged', () => {
    const m = new Mirror();
    m.load({
      revision: 1n,
      keys: new Map([
        ['/a/b', '1'],
        ['/a/d', '2'],
      ]),
    });
    const v1 = m.view();
    m.apply({
      type: 'change',
      revision: 2n,
      events: [
        { type: 'put', key: '/a/c', value: '3' },
        { type: 'put', key: '/a/a', value: '0' },
      ],
    });
    const v2 = m.view();
    m.apply({
      type: 'change',
      revision: 3n,
      events: [
        { type: 'delete', key: '/a/b' },
        { type: 'put', key: '/a-x', value: 'sib' },
      ],
    });
    expect(v1.keys).toEqual(['/a/b', '/a/d']);
    expect(v2.keys).toEqual(['/a/a', '/a/b', '/a/c', '/a/d']);
    expect(m.view().keys).toEqual(['/a-x', '/a/a', '/a/c', '/a/d']);
    expect(v2.get('/a/b')).toBe('1');
    expect(m.view().get('/a/b')).toBeUndefined();
  });

  it('a view never sees a later value change or recursive delete, and its entries cannot be changed', () => {
    const m = new Mirror();
    m.load({
      revision: 1n,
      keys: new Map([
        ['/a/b', '1'],
        ['/a/c/d', '2'],
        ['/z', '9'],
      ]),
    });
    const v1 = m.view();
    m.apply({ type: 'change', revision: 2n, events: [{ type: 'put', key: '/a/b', value: 'new' }] });
    const v2 = m.view();
    m.apply({ type: 'change', revision: 3n, events: [{ type: 'delete', key: '/a', recursive: true }] });
    expect(v1.entries()).toEqual([
      { key: '/a/b', value: '1' },
      { key: '/a/c/d', value: '2' },
      { key: '/z', value: '9' },
    ]);
    expect(v2.get('/a/b')).toBe('new');
    expect(v2.keys).toEqual(['/a/b', '/a/c/d', '/z']);
    expect(m.view().keys).toEqual(['/z']);
    const shared = v1.entriesUnder('/a')[0] as { value: string };
    expect(() => {
      shared.value = 'mutated';
    }).toThrow(TypeError);
    expect(v1.get('/a/b')).toBe('1');
  });

  it('a view taken mid-burst shares unchanged entries with the next one', () => {
    const m = new Mirror();
    m.load({
      revision: 1n,
      keys: new Map([
        ['/a', '1'],
        ['/b', '2'],
      ]),
    });
    const before = m.view();
    m.apply({ type: 'change', revision: 2n, events: [{ type: 'put', key: '/b', value: '3' }] });
    const after = m.view();
    expect(after.entriesUnder('/a')[0]).toBe(before.entriesUnder('/a')[0]);
    expect(after.get('/b')).toBe('3');
    expect(before.get('/b')).toBe('2');
  });
});

describe('View.scope as a window', () => {
  const view = View.fromEntries(1n, [
    ['/app/a', '1'],
    ['/app/b/c', '2'],
    ['/db/x', 'db'],
    ['/application/z', 'no'],
  ]);

  it('never answers for keys outside its prefixes', () => {
    const scoped = view.scope(['/app']);
    expect(scoped.get('/app/a')).toBe('1');
    expect(scoped.get('/db/x')).toBeUndefined();
    expect(scoped.has('/application/z')).toBe(false);
  });

  it('maps stripped keys back, including the prefix itself as "/"', () => {
    const withRoot = View.fromEntries(1n, [
      ['/p', 'root'],
      ['/p/a', '1'],
      ['/px', 'no'],
    ]);
    const scoped = withRoot.scope(['/p'], '/p');
    expect(scoped.keys).toEqual(['/', '/a']);
    expect([scoped.get('/'), scoped.get('/a'), scoped.get('/x')]).toEqual(['root', '1', undefined]);
  });

  it('merges several prefixes in sorted order', () => {
    expect(view.scope(['/db', '/app']).keys).toEqual(['/app/a', '/app/b/c', '/db/x']);
  });
});

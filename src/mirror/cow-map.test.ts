import { describe, expect, it } from 'vitest';
import { CowMap } from './cow-map.js';

describe('CowMap', () => {
  it('a snapshot never sees later sets or deletes', () => {
    const m = new CowMap([['/a', '1'], ['/b', '2']]);
    const snap = m.snapshot();
    m.set('/a', 'changed');
    m.set('/c', 'new');
    m.delete('/b');
    expect([snap.get('/a'), snap.get('/b'), snap.has('/c'), snap.size]).toEqual(['1', '2', false, 2]);
    expect([m.get('/a'), m.has('/b'), m.get('/c'), m.size]).toEqual(['changed', false, 'new', 2]);
  });

  it('keeps size and iteration right across many keys and snapshots', () => {
    const m = new CowMap();
    const snaps = [];
    for (let i = 0; i < 5_000; i++) {
      m.set(`/k/${i}`, String(i));
      if (i % 1000 === 0) snaps.push(m.snapshot());
    }
    for (let i = 0; i < 5_000; i += 2) m.delete(`/k/${i}`);
    expect(m.size).toBe(2_500);
    expect([...m.keys()]).toHaveLength(2_500);
    expect(snaps.map((s) => s.size)).toEqual([1, 1001, 2001, 3001, 4001]);
    expect(snaps[4]?.get('/k/4000')).toBe('4000');
    expect(m.delete('/missing')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { Gate } from './gate.js';

function deferred(): { promise: Promise<string>; resolve: (v: string) => void } {
  let resolve!: (v: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Gate', () => {
  it('runs at most `limit` tasks at once; the next starts when one settles', async () => {
    const gate = new Gate(2);
    const signal = new AbortController().signal;
    const tasks = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = tasks.map((t, i) => gate.run(() => (started.push(i), t.promise), signal));
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    tasks[0]?.resolve('a');
    expect(await runs[0]).toBe('a');
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    tasks[1]?.resolve('b');
    tasks[2]?.resolve('c');
    expect(await Promise.all(runs)).toEqual(['a', 'b', 'c']);
  });

  it('an aborted caller stops waiting at once; a started task keeps its slot until it really ends', async () => {
    const gate = new Gate(1);
    const hung = deferred();
    const first = new AbortController();
    const run1 = gate.run(() => hung.promise, first.signal);
    const second = new AbortController();
    let ran2 = false;
    const run2 = gate.run(() => ((ran2 = true), Promise.resolve('x')), second.signal);
    second.abort(new Error('gave up'));
    await expect(run2).rejects.toThrow('gave up');
    first.abort(new Error('timed out'));
    await expect(run1).rejects.toThrow('timed out');
    let ran3 = false;
    const run3 = gate.run(() => ((ran3 = true), Promise.resolve('y')), new AbortController().signal);
    await Promise.resolve();
    expect(ran3).toBe(false);
    hung.resolve('late');
    expect(await run3).toBe('y');
    expect(ran2).toBe(false);
  });
});

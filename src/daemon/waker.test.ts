import { describe, expect, it } from 'vitest';
import { getEventListeners } from 'node:events';
import { Waker } from './waker.js';

describe('Waker', () => {
  it('a notify wakes the wait in progress', async () => {
    const waker = new Waker();
    const waiting = waker.wait(undefined, new AbortController().signal);
    waker.notify();
    await waiting;
  });

  it('a notify before the wait makes the next wait return at once, and only that one', async () => {
    const waker = new Waker();
    const signal = new AbortController().signal;
    waker.notify();
    await waker.wait(undefined, signal);
    let woke = false;
    const second = waker.wait(undefined, signal).then(() => (woke = true));
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    expect(woke).toBe(false);
    waker.notify();
    await second;
  });

  it('an abort wakes the wait, and later waits return at once', async () => {
    const waker = new Waker();
    const stop = new AbortController();
    await Promise.all([waker.wait(undefined, stop.signal), Promise.resolve().then(() => stop.abort())]);
    await waker.wait(undefined, stop.signal);
  });

  it('resolves after its timeout without a notify', async () => {
    const waker = new Waker();
    await waker.wait(1, new AbortController().signal);
  });

  it('listens to the signal once across many waits', async () => {
    const waker = new Waker();
    const signal = new AbortController().signal;
    for (let i = 0; i < 5; i++) {
      const waiting = waker.wait(undefined, signal);
      waker.notify();
      await waiting;
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(1);
  });
});

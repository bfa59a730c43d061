import { describe, expect, it } from 'vitest';
import type { DaemonObserver } from '../daemon/observer.js';
import { combineObservers } from './observers.js';

// One call per hook; typed Required<…> so a hook added to DaemonObserver fails to compile until it is listed here.
const CALLS: { [K in keyof Required<DaemonObserver>]: Parameters<Required<DaemonObserver>[K]> } = {
  onPhase: ['running'],
  onResources: [[]],
  onUnloaded: [[]],
  onMirror: [7n, 3],
  onChanged: [['a'], 1],
  onStoreReachable: [false, new Error('down')],
  onResync: ['compacted'],
  onCycle: [{ results: [], reloads: [] }, new Set()],
  onReady: [],
  onConfigProblems: [new Map()],
};
const HOOKS = Object.keys(CALLS) as Array<keyof DaemonObserver>;

function recorder(log: string[], tag: string): Required<DaemonObserver> {
  const o: Record<string, (...args: unknown[]) => void> = {};
  for (const hook of HOOKS) o[hook] = (...args) => log.push(`${tag}.${hook}(${args.length})`);
  return o as unknown as Required<DaemonObserver>;
}

describe('combineObservers', () => {
  it('forwards every hook to every observer, in order, with its arguments', () => {
    const log: string[] = [];
    const combined = combineObservers(recorder(log, 'x'), undefined, recorder(log, 'y'));
    for (const hook of HOOKS) (combined[hook] as (...args: unknown[]) => void)(...CALLS[hook]);
    expect(log).toEqual(HOOKS.flatMap((hook) => [`x.${hook}(${CALLS[hook].length})`, `y.${hook}(${CALLS[hook].length})`]));
  });

  it('skips observers without the hook and calls class methods on their instance', () => {
    class Counter implements DaemonObserver {
      ready = 0;
      onReady(): void {
        this.ready++;
      }
    }
    const counter = new Counter();
    const combined = combineObservers({ onPhase: () => undefined }, counter);
    combined.onReady?.();
    combined.onPhase?.('stopped');
    expect(counter.ready).toBe(1);
  });
});

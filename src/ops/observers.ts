// Several observers as one: each hook calls every observer that has it, in order.
import type { DaemonObserver } from '../daemon/observer.js';

type Hook = keyof DaemonObserver;
const HOOKS: Hook[] = ['onPhase', 'onResources', 'onMirror', 'onChanged', 'onStoreReachable', 'onResync', 'onCycle', 'onConfigProblems'];

export function combineObservers(...observers: Array<DaemonObserver | undefined>): DaemonObserver {
  const list = observers.filter((o): o is DaemonObserver => o !== undefined);
  const combined: Record<string, (...args: unknown[]) => void> = {};
  for (const hook of HOOKS) {
    combined[hook] = (...args: unknown[]) => {
      for (const o of list) (o[hook] as ((...a: unknown[]) => void) | undefined)?.apply(o, args);
    };
  }
  return combined;
}

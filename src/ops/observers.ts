// Several observers as one: each hook calls every observer that has it, in order.
import type { DaemonObserver } from '../daemon/observer.js';

type Hook = keyof DaemonObserver;
// A record over every hook, so a hook added to DaemonObserver and forgotten here is a compile error.
const HOOK_SET: Record<Hook, true> = {
  onPhase: true,
  onResources: true,
  onUnloaded: true,
  onMirror: true,
  onChanged: true,
  onStoreReachable: true,
  onResync: true,
  onCycle: true,
  onReady: true,
  onConfigProblems: true,
};
const HOOKS = Object.keys(HOOK_SET) as Hook[];

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

// Requests to a running watch daemon (SIGUSR1, SIGHUP, live reload); the loop takes them between cycles.
import type { Resource, WaitWindow } from '../config/resource.js';
import type { UnloadedResource } from './observer.js';
import type { PipelineOptions } from './render-resource.js';

export interface ResourceUpdate {
  resources: readonly Resource[];
  /** Resources whose definition or template changed: rendered at once; the others keep their state. */
  changed: ReadonlySet<string>;
  defaultWait: WaitWindow | undefined;
  options: PipelineOptions;
  /** Resource files that failed to load and have no running version (readiness waits for them). */
  unloaded?: readonly UnloadedResource[];
}

export type DaemonRequest = { type: 'render-all' } | { type: 'update'; update: ResourceUpdate };

export class DaemonControl {
  #queue: DaemonRequest[] = [];
  #wake: (() => void) | undefined;

  /** Render every resource now (SIGUSR1); unchanged output is still not rewritten. */
  renderAll(): void {
    this.#push({ type: 'render-all' });
  }

  /** Serve a new resource set without dropping the watch. */
  update(update: ResourceUpdate): void {
    this.#push({ type: 'update', update });
  }

  /** Daemon side: the requests queued so far, oldest first. */
  take(): DaemonRequest[] {
    return this.#queue.splice(0);
  }

  /** Daemon side: called on every request (wakes the loop). */
  attach(wake: (() => void) | undefined): void {
    this.#wake = wake;
  }

  #push(request: DaemonRequest): void {
    this.#queue.push(request);
    this.#wake?.();
  }
}

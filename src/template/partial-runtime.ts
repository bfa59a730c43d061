// Partials at render time. Helpers name the file in their errors and #each finds its reuse memo through the render
// state in @data, so whatever runs code of another file — a partial, a partial block's body, an inline partial
// called from elsewhere — runs it with that file's state: the right file in errors, and never another file's memo
// (memos are keyed by source position, which two files share).
import Handlebars from 'handlebars';
import type { TemplateMemo } from './each-memo.js';
import { builtinInlineDecorator, NOOP_PROGRAM, type Decorator } from './handlebars-internals.js';
import type { RenderState } from './render-state.js';
import { STATE_KEY } from './render-state.js';
import { renderError } from './template-errors.js';

interface PartialOptions {
  data?: Record<string, unknown>;
  fn?: unknown;
}

export type PartialFn = (context: unknown, options?: PartialOptions) => string;

function withState(data: Record<string, unknown> | undefined, state: RenderState): Record<string, unknown> {
  const frame = Handlebars.createFrame(data ?? {}) as Record<string, unknown>;
  frame[STATE_KEY] = state;
  return frame;
}

/** `fn` run with `state` (its own file's), and its errors named after that file. */
export function inState(fn: PartialFn, state: RenderState): PartialFn {
  return function stateful(context, options = {}) {
    if (options.data?.[STATE_KEY] === state) return fn(context, options);
    try {
      return fn(context, { ...options, data: withState(options.data, state) });
    } catch (error) {
      throw renderError(state.file, error);
    }
  };
}

/** A compiled partial from `file` as Handlebars calls it: with its own state, and the caller's block in the caller's. */
export function statefulPartial(file: string, memo: TemplateMemo | undefined, template: PartialFn): PartialFn {
  // The partial's state for each caller's: one per render, not one per call (partials run once per #each item).
  const states = new WeakMap<RenderState, RenderState>();
  return function partial(context, options = {}) {
    const caller = options.data?.[STATE_KEY] as RenderState | undefined;
    if (caller === undefined) return template(context, options);
    let own = states.get(caller);
    if (own === undefined) states.set(caller, (own = { ...caller, file, memo }));
    const data = withState(options.data, own);
    const block = data['partial-block'];
    if (options.fn !== undefined && options.fn !== NOOP_PROGRAM && typeof block === 'function')
      data['partial-block'] = inState(block as PartialFn, caller);
    try {
      return template(context, { ...options, data });
    } catch (error) {
      throw renderError(file, error);
    }
  };
}

/** Replace Handlebars' `inline` decorator with one whose partials run in the state of the file defining them. */
export function useStatefulInlinePartials(hb: typeof Handlebars): void {
  const builtin = builtinInlineDecorator(hb);
  const inline: Decorator = (fn, props, container, options) => {
    const state = options.data?.[STATE_KEY] as RenderState | undefined;
    const wrapped =
      state === undefined || typeof options.fn !== 'function' ? options : { ...options, fn: inState(options.fn as PartialFn, state) };
    return builtin(fn, props, container, wrapped);
  };
  hb.registerDecorator('inline', inline);
}

// What one render hands its helpers, carried in Handlebars' @data so the instance stays shared and stateless.
import type { View } from '../mirror/view.js';
import type { Dialect } from './dialect.js';
import type { TemplateMemo } from './each-memo.js';
import type { DnsLookup } from '../dns/dns-lookup.js';

export interface RenderState {
  readonly view: View;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Template file, for error messages. */
  readonly file: string;
  /** confd: a template converted from Go (dialect.ts); JSON numbers are Go's float64 there. */
  readonly dialect: Dialect;
  readonly now: Date;
  readonly maxOutputSize: number | undefined;
  /** nowMs() after which the render is abandoned; loops are the only way a template runs long. */
  readonly deadline: number | undefined;
  readonly timeoutMs: number | undefined;
  /** The template's reusable #each outputs (each-memo.ts); absent: every block runs for every item. */
  readonly memo?: TemplateMemo | undefined;
  /** Answers for lookupIP/lookupSRV; absent: every lookup is an empty list. */
  readonly dns?: DnsLookup | undefined;
  /** Logs a warning about the render (fields name keys, never values); absent: dropped. */
  readonly warn?: ((message: string, fields: Record<string, unknown>) => void) | undefined;
}

/** Name of the @data field holding the RenderState. */
export const STATE_KEY = 'confetti';

/** The parts of Handlebars' helper `options` we read (4.7 passes `loc` to helpers). */
export interface HelperOptions {
  name?: string;
  loc?: { start: { line: number; column: number } };
  data?: Record<string, unknown>;
  fn?: (...args: unknown[]) => string;
  hash?: Record<string, unknown>;
}

export function readState(options: HelperOptions): RenderState {
  const state = options.data?.[STATE_KEY];
  if (state === undefined) throw new Error('template rendered without confetti render state');
  return state as RenderState;
}

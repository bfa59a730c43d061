// Renders a Go template twice: with Go's text/template and confd's functions (the oracle), and with confetti after
// `convertTemplate`; the two must agree byte for byte, or both fail.
import { expect } from 'vitest';
import { View } from '../../src/mirror/view.js';
import { convertTemplate } from '../../src/convert/translate.js';
import { compileTemplate } from '../../src/template/compile.js';
import { renderWithGo } from '../support/go-oracle.js';

export interface DiffCase {
  template: string;
  keys?: Record<string, string>;
  /** The resource's keys (default: every key). */
  resourceKeys?: string[];
  env?: Record<string, string>;
}

export type Outcome = { ok: true; output: string } | { ok: false; error: string };

/** confetti's side: convert (no note may be left), compile and render against the resource's scoped view. */
export function renderConverted(c: DiffCase): Outcome & { source?: string } {
  const converted = convertTemplate(c.template);
  if (converted.source === undefined) return { ok: false, error: converted.notes.map((n) => n.todo).join('; ') };
  if (converted.notes.length > 0) throw new Error(`conversion left notes: ${JSON.stringify(converted.notes)}\n${c.template}`);
  const view = View.fromEntries(1n, Object.entries(c.keys ?? {}), []).scope(c.resourceKeys ?? ['/']);
  try {
    const output = compileTemplate(converted.source, '/t.hbs').render(view, { env: c.env ?? {} });
    return { ok: true, output, source: converted.source };
  } catch (error) {
    return { ok: false, error: (error as Error).message, source: converted.source };
  }
}

export async function renderGo(c: DiffCase): Promise<Outcome> {
  return renderWithGo({
    templates: { 't.tmpl': c.template },
    main: 't.tmpl',
    keys: c.keys ?? {},
    resourceKeys: c.resourceKeys ?? ['/'],
    env: c.env ?? {},
    match: 'etcdv3',
  });
}

/** Assert both sides agree; returns a description of the difference instead of throwing when `soft`. */
export async function expectSameAsGo(c: DiffCase): Promise<void> {
  const go = await renderGo(c);
  const ours = renderConverted(c);
  const context = `template: ${JSON.stringify(c.template)}\nconverted: ${JSON.stringify(ours.source)}\ngo: ${JSON.stringify(go)}\nconfetti: ${JSON.stringify(ours.ok ? ours.output : ours.error)}`;
  expect(ours.ok, context).toBe(go.ok);
  if (go.ok && ours.ok) expect(ours.output, context).toBe(go.output);
}

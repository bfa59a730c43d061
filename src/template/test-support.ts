// Test helper: render a template string against a few keys, as the daemon would.
import { View } from '../mirror/view.js';
import type { RenderContext } from './compile.js';
import { compileTemplate } from './compile.js';

export const TEST_FILE = '/etc/confetti/templates/test.conf.hbs';

export function viewOf(entries: Record<string, string> = {}, dirs: string[] = []): View {
  return View.fromEntries(1n, Object.entries(entries), dirs);
}

export function render(
  source: string,
  entries: Record<string, string> = {},
  ctx: Partial<RenderContext> = {},
  dirs: string[] = [],
): string {
  return compileTemplate(source, TEST_FILE).render(viewOf(entries, dirs), { env: {}, ...ctx });
}

/** The error a render throws (fails the test if it does not throw). */
export function renderFailure(
  source: string,
  entries: Record<string, string> = {},
  ctx: Partial<RenderContext> = {},
): Error & { code: string; line?: number } {
  try {
    render(source, entries, ctx);
  } catch (error) {
    return error as Error & { code: string; line?: number };
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

// The compiled templates of every command: a one-shot render compiles each template once, the daemon keeps each one
// pinned until a reload compiles a new version (a broken edit keeps the old one running). A template's version covers
// the partial files it uses: editing a partial updates every template that calls it.
import { resolve } from 'node:path';
import type { CompiledTemplate } from './compile.js';
import { compileTemplateInputs, readTemplateInputs, type TemplateInputs, type TemplateLoadOptions } from './load-template.js';

interface Pinned {
  hash: string;
  compiled: CompiledTemplate;
}

export type RefreshResult =
  { file: string; status: 'same' | 'new' | 'updated' } | { file: string; status: 'broken'; error: unknown; kept: boolean };

export class TemplateStore {
  readonly #pinned = new Map<string, Pinned>();
  readonly #opts: TemplateLoadOptions;

  constructor(opts: TemplateLoadOptions = {}) {
    this.#opts = opts;
  }

  /** The pinned template; compiled and pinned on first use (a failure is not kept: fixing the file is enough). */
  async get(file: string): Promise<CompiledTemplate> {
    const abs = resolve(file);
    const hit = this.#pinned.get(abs);
    if (hit) return hit.compiled;
    const result = await this.refresh(abs);
    if (result.status === 'broken') throw result.error;
    return (this.#pinned.get(abs) as Pinned).compiled;
  }

  /** Re-read `file` and its partials; a new version that compiles replaces the pinned one, a broken one does not. */
  async refresh(file: string): Promise<RefreshResult> {
    const abs = resolve(file);
    const old = this.#pinned.get(abs);
    let inputs: TemplateInputs;
    try {
      inputs = await readTemplateInputs(abs, this.#opts);
    } catch (error) {
      return { file: abs, status: 'broken', error, kept: old !== undefined };
    }
    const hash = inputs.hash;
    if (old?.hash === hash) return { file: abs, status: 'same' };
    try {
      this.#pinned.set(abs, { hash, compiled: compileTemplateInputs(inputs, this.#opts) });
    } catch (error) {
      return { file: abs, status: 'broken', error, kept: old !== undefined };
    }
    return { file: abs, status: old === undefined ? 'new' : 'updated' };
  }

  /** Short content hash of the pinned version (for /status; never the content). */
  hashOf(file: string): string | undefined {
    return this.#pinned.get(resolve(file))?.hash.slice(0, 12);
  }

  /** Unpin templates no resource uses any more. */
  retain(files: Iterable<string>): void {
    const keep = new Set([...files].map((f) => resolve(f)));
    for (const file of [...this.#pinned.keys()]) if (!keep.has(file)) this.#pinned.delete(file);
  }
}

// Templates the daemon serves, pinned until a reload compiles a new version: a broken edit keeps the old one running.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compileTemplate, type CompiledTemplate } from '../template/index.js';
import { readError } from '../template/compile.js';
import type { TemplateSource } from './render-resource.js';

interface Pinned {
  hash: string;
  compiled: CompiledTemplate;
}

export type RefreshResult =
  | { file: string; status: 'same' | 'new' | 'updated' }
  | { file: string; status: 'broken'; error: unknown; kept: boolean };

export class TemplateStore implements TemplateSource {
  readonly #pinned = new Map<string, Pinned>();

  /** The pinned template; compiled and pinned on first use. */
  async get(file: string): Promise<CompiledTemplate> {
    const abs = resolve(file);
    const hit = this.#pinned.get(abs);
    if (hit) return hit.compiled;
    const result = await this.refresh(abs);
    if (result.status === 'broken') throw result.error;
    return (this.#pinned.get(abs) as Pinned).compiled;
  }

  /** Re-read `file`; a new version that compiles replaces the pinned one, a broken one does not. */
  async refresh(file: string): Promise<RefreshResult> {
    const abs = resolve(file);
    const old = this.#pinned.get(abs);
    let source: string;
    try {
      source = await readFile(abs, 'utf8');
    } catch (error) {
      return { file: abs, status: 'broken', error: readError(abs, error), kept: old !== undefined };
    }
    const hash = createHash('sha256').update(source).digest('hex');
    if (old?.hash === hash) return { file: abs, status: 'same' };
    try {
      this.#pinned.set(abs, { hash, compiled: compileTemplate(source, abs) });
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

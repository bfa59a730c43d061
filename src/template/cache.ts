// Compile each template file once; recompile when its inode, mtime or size changes.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CompiledTemplate } from './compile.js';
import { compileTemplateFile, readError } from './compile.js';

interface Entry {
  stamp: string;
  compiled: Promise<CompiledTemplate>;
}

export class TemplateCache {
  readonly #entries = new Map<string, Entry>();

  /** The compiled template for `file`; the same object until the file changes. */
  async get(file: string): Promise<CompiledTemplate> {
    const abs = resolve(file);
    let stamp: string;
    try {
      const st = await stat(abs, { bigint: true });
      stamp = `${st.ino}:${st.mtimeNs}:${st.size}`;
    } catch (error) {
      this.#entries.delete(abs);
      throw readError(abs, error);
    }
    const hit = this.#entries.get(abs);
    if (hit?.stamp === stamp) return hit.compiled;
    const compiled = compileTemplateFile(abs);
    this.#entries.set(abs, { stamp, compiled });
    // Failures are not kept: a read error may be transient, and a broken template is cheap to re-parse.
    compiled.catch(() => {
      if (this.#entries.get(abs)?.compiled === compiled) this.#entries.delete(abs);
    });
    return compiled;
  }

  clear(): void {
    this.#entries.clear();
  }
}

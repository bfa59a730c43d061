// Compile each template once per content: the template's and its partials' bytes (load-template.ts).
import { resolve } from 'node:path';
import type { CompiledTemplate } from './compile.js';
import type { TemplateLoadOptions } from './load-template.js';
import { compileTemplateInputs, readTemplateInputs } from './load-template.js';

interface Entry {
  hash: string;
  compiled: CompiledTemplate;
}

export class TemplateCache {
  readonly #entries = new Map<string, Entry>();
  readonly #opts: TemplateLoadOptions;

  constructor(opts: TemplateLoadOptions = {}) {
    this.#opts = opts;
  }

  /** The compiled template for `file`; the same object until the file or a partial it uses changes. */
  async get(file: string): Promise<CompiledTemplate> {
    const abs = resolve(file);
    let inputs;
    try {
      inputs = await readTemplateInputs(abs, this.#opts);
    } catch (error) {
      this.#entries.delete(abs);
      throw error;
    }
    const hit = this.#entries.get(abs);
    if (hit?.hash === inputs.hash) return hit.compiled;
    // Failures are not kept: a broken template is cheap to re-parse, and fixing the file is enough.
    this.#entries.delete(abs);
    const compiled = compileTemplateInputs(inputs, this.#opts);
    this.#entries.set(abs, { hash: inputs.hash, compiled });
    return compiled;
  }

  clear(): void {
    this.#entries.clear();
  }
}

export type { CompiledTemplate, RenderContext } from './compile.js';
export { compileTemplate } from './compile.js';
export { TemplateCache } from './cache.js';
export { loadTemplate, partialsDirOf } from './load-template.js';
export { compilePattern, matchKeys } from './pattern.js';
export type { CompiledPattern } from './pattern.js';
export { HELPERS } from './handlebars.js';

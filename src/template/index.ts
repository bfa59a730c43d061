export type { CompiledTemplate, RenderContext } from './compile.js';
export { compileTemplate } from './compile.js';
export { partialsDirOf } from './load-template.js';
export { TemplateStore, type RefreshResult } from './template-store.js';
export { compilePattern, matchKeys } from './pattern.js';
export type { CompiledPattern } from './pattern.js';
export { HELPERS } from './handlebars.js';

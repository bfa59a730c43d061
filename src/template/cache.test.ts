import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TemplateCache } from './cache.js';
import { loadTemplate } from './load-template.js';
import { viewOf } from './test-support.js';

describe('TemplateCache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'confetti-cache-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the same compiled object until the file changes', async () => {
    const file = join(dir, 'a.conf.hbs');
    await writeFile(file, 'v1 {{getv "/k"}}');
    const cache = new TemplateCache();
    const first = await cache.get(file);
    expect(await cache.get(file)).toBe(first);
    expect(first.render(viewOf({ '/k': 'x' }), { env: {} })).toBe('v1 x');

    await writeFile(file, 'v2 {{getv "/k"}}');
    const later = new Date((await stat(file)).mtimeMs + 5_000);
    await utimes(file, later, later);
    const second = await cache.get(file);
    expect(second).not.toBe(first);
    expect(second.render(viewOf({ '/k': 'x' }), { env: {} })).toBe('v2 x');
    expect(await cache.get(file)).toBe(second);
  });

  it('recompiles when the size changes even if mtime is the same', async () => {
    const file = join(dir, 'b.hbs');
    await writeFile(file, 'one');
    const { mtime } = await stat(file);
    const cache = new TemplateCache();
    const first = await cache.get(file);
    await writeFile(file, 'three');
    await utimes(file, mtime, mtime);
    expect(await cache.get(file)).not.toBe(first);
  });

  it('keys entries by absolute path', async () => {
    const file = join(dir, 'c.hbs');
    await writeFile(file, 'c');
    const cache = new TemplateCache();
    const compiled = await cache.get(file);
    expect(compiled.file).toBe(file);
    expect(await cache.get(join(dir, '.', 'c.hbs'))).toBe(compiled);
  });

  it('clear() forgets every entry', async () => {
    const file = join(dir, 'd.hbs');
    await writeFile(file, 'd');
    const cache = new TemplateCache();
    const first = await cache.get(file);
    cache.clear();
    expect(await cache.get(file)).not.toBe(first);
  });

  it('a missing template is TEMPLATE_NOT_FOUND naming the file', async () => {
    const file = join(dir, 'missing.hbs');
    await expect(new TemplateCache().get(file)).rejects.toMatchObject({ code: 'TEMPLATE_NOT_FOUND', file });
    await expect(loadTemplate(file)).rejects.toThrow(file);
  });

  it('does not keep a failed compile: fixing the file is enough', async () => {
    const file = join(dir, 'e.hbs');
    await writeFile(file, '{{getv "/k"}');
    const cache = new TemplateCache();
    await expect(cache.get(file)).rejects.toMatchObject({ code: 'TEMPLATE_SYNTAX', file, line: 1 });
    await writeFile(file, '{{getv "/k"}}');
    const fixed = new Date(Date.now() + 10_000);
    await utimes(file, fixed, fixed);
    expect((await cache.get(file)).render(viewOf({ '/k': 'ok' }), { env: {} })).toBe('ok');
  });

  it('recompiles when a partial the template uses changes', async () => {
    const file = join(dir, 'f.hbs');
    await mkdir(join(dir, 'partials'));
    await writeFile(file, '<{{> p}}>');
    await writeFile(join(dir, 'partials', 'p.hbs'), 'one');
    const cache = new TemplateCache({ partialsDir: join(dir, 'partials') });
    const first = await cache.get(file);
    expect(await cache.get(file)).toBe(first);
    await writeFile(join(dir, 'partials', 'p.hbs'), 'two');
    const second = await cache.get(file);
    expect(second).not.toBe(first);
    expect(second.render(viewOf(), { env: {} })).toBe('<two>');
  });
});

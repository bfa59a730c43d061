import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { View } from '../mirror/view.js';
import { useTempDirs } from '../../test/support/temp-dir.js';
import { TemplateStore } from './template-store.js';

const tempDir = useTempDirs();
const render = async (store: TemplateStore, file: string): Promise<string> => (await store.get(file)).render(new View(1n, []), { env: {} });

describe('TemplateStore', () => {
  it('keeps serving the pinned version when an edit does not compile, and takes the fix', async () => {
    const file = join(await tempDir(), 't.hbs');
    await writeFile(file, 'v1');
    const store = new TemplateStore();
    expect(await render(store, file)).toBe('v1');
    await writeFile(file, '{{#if}}');
    const broken = await store.refresh(file);
    expect(broken).toMatchObject({ status: 'broken', kept: true });
    expect(await render(store, file)).toBe('v1');
    await writeFile(file, 'v2');
    expect(await store.refresh(file)).toMatchObject({ status: 'updated' });
    expect(await store.refresh(file)).toMatchObject({ status: 'same' });
    expect(await render(store, file)).toBe('v2');
  });

  it('does not pick up an edit until refreshed (no half-applied reload)', async () => {
    const file = join(await tempDir(), 't.hbs');
    await writeFile(file, 'v1');
    const store = new TemplateStore();
    const hash = (await store.refresh(file), store.hashOf(file));
    await writeFile(file, 'v2');
    expect(await render(store, file)).toBe('v1');
    expect(store.hashOf(file)).toBe(hash);
  });
});

describe('TemplateStore for one-shot commands', () => {
  it('compiles a template once, keyed by absolute path', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'c.hbs'), 'c');
    const store = new TemplateStore();
    const compiled = await store.get(join(dir, 'c.hbs'));
    expect(compiled.file).toBe(join(dir, 'c.hbs'));
    expect(await store.get(join(dir, '.', 'c.hbs'))).toBe(compiled);
  });

  it('a missing template is TEMPLATE_NOT_FOUND naming the file', async () => {
    const file = join(await tempDir(), 'missing.hbs');
    await expect(new TemplateStore().get(file)).rejects.toMatchObject({ code: 'TEMPLATE_NOT_FOUND', file });
  });

  it('does not keep a failed compile: fixing the file is enough', async () => {
    const file = join(await tempDir(), 'e.hbs');
    await writeFile(file, '{{getv "/k"}');
    const store = new TemplateStore();
    await expect(store.get(file)).rejects.toMatchObject({ code: 'TEMPLATE_SYNTAX', file, line: 1 });
    await writeFile(file, '{{getv "/k"}}');
    expect((await store.get(file)).render(View.fromEntries(1n, [['/k', 'ok']]), { env: {} })).toBe('ok');
  });
});

describe('TemplateStore and partials', () => {
  it('a template is updated when a partial it uses (through another) changes, and kept when one breaks', async () => {
    const dir = await tempDir();
    const partialsDir = join(dir, 'partials');
    await mkdir(partialsDir);
    const file = join(dir, 't.hbs');
    await writeFile(file, '{{> outer}}');
    await writeFile(join(partialsDir, 'outer.hbs'), '[{{> inner}}]');
    await writeFile(join(partialsDir, 'inner.hbs'), 'v1');
    await writeFile(join(partialsDir, 'unused.hbs'), 'u1');
    const store = new TemplateStore({ partialsDir });
    expect(await render(store, file)).toBe('[v1]');
    await writeFile(join(partialsDir, 'unused.hbs'), 'u2');
    expect(await store.refresh(file)).toMatchObject({ status: 'same' });
    await writeFile(join(partialsDir, 'inner.hbs'), '{{#if}}');
    expect(await store.refresh(file)).toMatchObject({
      status: 'broken',
      kept: true,
      error: expect.objectContaining({ file: join(partialsDir, 'inner.hbs') }),
    });
    expect(await render(store, file)).toBe('[v1]');
    await writeFile(join(partialsDir, 'inner.hbs'), 'v2');
    expect(await store.refresh(file)).toMatchObject({ status: 'updated' });
    expect(await render(store, file)).toBe('[v2]');
  });
});

// Folders under src/ are layers: README's Layout table lists them bottom-up with what each may import, and every
// import in src/ (tests included) must keep to it.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

interface Layer {
  folder: string;
  mayImport: Set<string>;
}

/** One import: the importing file and the file it names, both relative to the repository root. */
interface Import {
  file: string;
  target: string;
}

/** The rows of README's Layout table, bottom-up: "| `folder/` | what it is | may import |". */
function parseLayout(readme: string): Layer[] {
  const section = /^## Layout\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const layers: Layer[] = [];
  for (const line of section.split('\n')) {
    const row = /^\|\s*`([a-z0-9-]+)\/`\s*\|[^|]*\|\s*([^|]*?)\s*\|\s*$/.exec(line);
    if (!row) continue;
    const folder = row[1] as string;
    const cell = row[2] as string;
    const names = cell === 'everything above' ? layers.map((l) => l.folder) : cell === '—' ? [] : cell.split(',').map((s) => s.trim());
    layers.push({ folder, mayImport: new Set(names) });
  }
  return layers;
}

/** The src/ folder a repository path is in; '' for a file at the root of src/, undefined outside src/. */
function folderOf(path: string): string | undefined {
  const parts = relative('src', path).split(sep);
  if (parts[0] === '..' || parts[0] === undefined) return undefined;
  return parts.length === 1 ? '' : parts[0];
}

/** Every way the imports break the table, one line each; empty when they keep to it. */
function layerViolations(layers: Layer[], imports: Import[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const layer of layers) {
    for (const name of layer.mayImport) {
      if (!seen.has(name)) out.push(`README Layout: ${layer.folder}/ may import ${name}/, which is not listed before it`);
    }
    seen.add(layer.folder);
  }
  const byFolder = new Map(layers.map((l) => [l.folder, l]));
  for (const { file, target } of imports) {
    const from = folderOf(file);
    const to = folderOf(target);
    if (to === undefined) {
      if (target.startsWith('test/') && !file.endsWith('.test.ts')) out.push(`${file} imports ${target}: only tests import test/`);
      continue;
    }
    if (from === to || to === '') continue;
    if (from === '') {
      out.push(`${file} imports ${target}: files at the root of src/ import no folder`);
      continue;
    }
    const layer = byFolder.get(from as string);
    if (layer === undefined) out.push(`${file}: src/${from}/ has no row in README's Layout table`);
    else if (!layer.mayImport.has(to)) {
      const allowed = [...layer.mayImport].join(', ') || 'no folder';
      out.push(`${file} imports ${target}: ${from}/ may import ${allowed} (README, Layout)`);
    }
  }
  return out;
}

async function listSources(): Promise<string[]> {
  const entries = await readdir(SRC, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

/** Relative imports of one file (static, re-exports, dynamic import(), `typeof import()`), as repository paths. */
function importsOf(file: string, text: string): Import[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => ({ file, target: relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts') }));
}

describe('folders as layers', () => {
  it('reports a folder importing one above it, and a root file or a non-test importing what it may not', () => {
    const layers = parseLayout(
      '## Layout\n\n| `keys/` | k | — |\n| `mirror/` | m | keys |\n| `daemon/` | d | everything above |\n\n## Next\n',
    );
    expect(layers.map((l) => [l.folder, [...l.mayImport]])).toEqual([
      ['keys', []],
      ['mirror', ['keys']],
      ['daemon', ['keys', 'mirror']],
    ]);
    const imports: Import[] = [
      { file: 'src/mirror/mirror.ts', target: 'src/keys/prefix.ts' },
      { file: 'src/daemon/cycle.ts', target: 'src/mirror/view.ts' },
      { file: 'src/mirror/mirror.ts', target: 'src/errors.ts' },
      { file: 'src/mirror/mirror.test.ts', target: 'test/support/temp-dir.ts' },
      { file: 'src/mirror/view.ts', target: 'src/daemon/cycle.ts' },
      { file: 'src/errors.ts', target: 'src/keys/prefix.ts' },
      { file: 'src/mirror/view.ts', target: 'test/support/temp-dir.ts' },
      { file: 'src/ops/metrics.ts', target: 'src/daemon/cycle.ts' },
    ];
    expect(layerViolations(layers, imports)).toEqual([
      'src/mirror/view.ts imports src/daemon/cycle.ts: mirror/ may import keys (README, Layout)',
      'src/errors.ts imports src/keys/prefix.ts: files at the root of src/ import no folder',
      'src/mirror/view.ts imports test/support/temp-dir.ts: only tests import test/',
      "src/ops/metrics.ts: src/ops/ has no row in README's Layout table",
    ]);
    const upward = parseLayout('## Layout\n\n| `keys/` | k | mirror |\n| `mirror/` | m | — |\n\n## Next\n');
    expect(layerViolations(upward, [])).toEqual(['README Layout: keys/ may import mirror/, which is not listed before it']);
  });

  it("every folder of src/ has a row in README's Layout table, and every row is a folder", async () => {
    const layers = parseLayout(await readFile(join(ROOT, 'README.md'), 'utf8'));
    const folders = (await readdir(SRC, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(layers.map((l) => l.folder).sort()).toEqual(folders.sort());
  });

  it('no import in src/ reaches a folder its layer may not import', async () => {
    const layers = parseLayout(await readFile(join(ROOT, 'README.md'), 'utf8'));
    const files = await listSources();
    const imports: Import[] = [];
    for (const file of files) imports.push(...importsOf(file, await readFile(join(ROOT, file), 'utf8')));
    // The scan must see the imports it checks: a broken parse would pass vacuously.
    expect(imports.filter((i) => folderOf(i.target) !== folderOf(i.file)).length).toBeGreaterThan(200);
    expect(importsOf('src/x/a.ts', "const m = await import('../y/b.js');\ntype T = typeof import('./c.js');")).toEqual([
      { file: 'src/x/a.ts', target: 'src/y/b.ts' },
      { file: 'src/x/a.ts', target: 'src/x/c.ts' },
    ]);
    expect(layerViolations(layers, imports)).toEqual([]);
  });

  it('no folder has an index file: modules are imported by name (a barrel would load what is imported on demand)', async () => {
    const files = await listSources();
    expect(files.filter((f) => /(^|\/)index\.ts$/.test(f))).toEqual([]);
  });
});

// Random and mutated settings files, resource files and templates never crash: every failure is a ConfigError or
// TemplateError naming its file, with a line wherever the parser knows one. Property-based (fast-check) + a corpus.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigProblemsError, describeProblem } from '../../src/config/problems.js';
import { loadResources } from '../../src/config/load-resources.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { RESOURCE_KEYS } from '../../src/config/resource-schema.js';
import { ConfigError, TemplateError } from '../../src/errors.js';
import { View } from '../../src/mirror/view.js';
import { compileTemplate } from '../../src/template/compile.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs('confetti-hostile-');
const RUNS = Number(process.env.CONFETTI_FC_RUNS ?? 150);

const VALID_YAML =
  'src: app.hbs\ndest: /tmp/app.conf\nkeys:\n  - /app\n  - /db\nmode: "0640"\nwait: 1s:5s\ncheck_cmd: haproxy -c -f {{src}}\nbackup: true\n';
const VALID_TOML =
  '[template]\nsrc = "app.hbs"\ndest = "/tmp/app.conf"\nkeys = ["/app", "/db"]\nmode = "0640"\ncheck_cmd = "true {{src}}"\n';
const VALID_SETTINGS =
  'backend: file\nfile: [data.yaml]\nlog_level: debug\ndial_timeout: 2s\nwait: { min: 1s, max: 4s }\nmax_output_size: 1MiB\n';
const VALID_TEMPLATE =
  '{{#each (gets "/app/*")}}server {{base key}} {{value}}\n{{/each}}{{#if (exists "/db/host")}}db {{getv "/db/host" "x"}}{{else}}none{{/if}}\n';
const NASTY = [
  ...'{}[]:"\'#&*!|>%@`-,?\n\t \\=/.0x',
  '\u0000',
  '\u00ff',
  '\ufeff',
  '{{',
  '}}',
  '{{/',
  '{{#each',
  '[[',
  ']]',
  '"""',
  '- ',
  ': ',
];

/** A mutation of `text`: insert, delete, duplicate or swap pieces, with characters that matter to the parsers. */
const mutated = (text: string) =>
  fc
    .array(
      fc.oneof(
        fc.record({ op: fc.constant('ins' as const), at: fc.nat(), s: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 4 })) }),
        fc.record({ op: fc.constant('del' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 6 }) }),
        fc.record({ op: fc.constant('dup' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 20 }) }),
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((ops) => {
      let s = text;
      for (const o of ops) {
        const at = s.length === 0 ? 0 : o.at % (s.length + 1);
        if (o.op === 'ins') s = s.slice(0, at) + o.s + s.slice(at);
        else if (o.op === 'del') s = s.slice(0, at) + s.slice(at + o.n);
        else s = s.slice(0, at) + s.slice(at, at + o.n) + s.slice(at);
      }
      return s;
    });

/** Random documents over the real field names with values of any type. */
const randomDoc = (keys: readonly string[]) =>
  fc
    .dictionary(
      fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })),
      fc.oneof(fc.anything({ maxDepth: 2 }), fc.string(), fc.integer()),
      { maxKeys: 8 },
    )
    .map((d) => stringify(d, { strict: false }));

/** Every problem (flattening ConfigProblemsError) must be a ConfigError that names `file`; syntax errors give a line. */
function expectLocated(error: unknown, file: string): void {
  expect(error).toBeInstanceOf(ConfigError);
  const all = error instanceof ConfigProblemsError ? error.problems : [error as ConfigError];
  for (const p of all) {
    expect(p).toBeInstanceOf(ConfigError);
    expect(p.file, `${p.code}: ${p.message}`).toBe(file);
    expect(describeProblem(p)).toContain(file);
    if (p.code === 'CONFIG_SYNTAX') expect(p.line, `${p.code}: ${p.message}`).toBeGreaterThan(0);
    if (p.line !== undefined) expect(describeProblem(p)).toContain(`${file}:${p.line}`);
  }
}

describe('hostile resource files', () => {
  const check = async (dir: string, name: string, text: string): Promise<void> => {
    const confd = join(dir, 'conf.d');
    await rm(confd, { recursive: true, force: true });
    await mkdir(confd, { recursive: true });
    const file = join(confd, name);
    await writeFile(file, text);
    const loaded = await loadResources({ confdir: dir, prefix: '/' }); // must not reject
    expect(loaded.resources.length + loaded.problems.length).toBe(1);
    for (const p of loaded.problems) {
      expect(p.file).toBe(file);
      expectLocated(p.error, file);
    }
  };

  it(`mutated YAML and TOML resources and random documents load or give located problems (${RUNS * 3} cases)`, async () => {
    const dir = await tempDir();
    await fc.assert(
      fc.asyncProperty(mutated(VALID_YAML), (t) => check(dir, 'r.yaml', t)),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(mutated(VALID_TOML), (t) => check(dir, 'r.toml', t)),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(randomDoc(RESOURCE_KEYS), (t) => check(dir, 'r.yml', t)),
      { numRuns: RUNS },
    );
  });

  it('a hand-written corpus: each case is a located problem, never a crash', async () => {
    const dir = await tempDir();
    const corpus: Array<[string, string, number | undefined]> = [
      ['r.yaml', '', undefined],
      ['r.yaml', '\u0000\u0001binary\u00ff', undefined],
      ['r.yaml', 'src: a\ndest: b\nkeys: [/a\n', 4], // unclosed: found at the end of input
      ['r.yaml', 'src: a\ndest: b\nkeys: [[]]\n', 3],
      ['r.yaml', 'src: a\nsrc: b\ndest: c\nkeys: [/a]\n', 2],
      ['r.yaml', 'src: a\ndest: b\nkeys: [/a]\nmode: "0999"\n', 4],
      ['r.yaml', 'src: a\ndest: b\nkeys: [/a]\nwait: forever\n', 4],
      ['r.yaml', 'src: a\ndest: b\nkeys: [/a]\nuid: -1\n', 4],
      ['r.yaml', 'template:\n  src: a\n  dest: b\n  keys: [/a]\n', 1],
      ['r.yaml', '&a [*a, *a]', undefined],
      ['r.yaml', 'a: &x\n  b: *x\n'.repeat(3), undefined],
      ['r.yaml', `keys: [${'"/k",'.repeat(5000)}]\n`, undefined],
      ['r.yaml', '- just\n- a list\n', undefined],
      ['r.toml', '[template\nsrc = "a"\n', 1],
      ['r.toml', '[template]\nsrc = "a"\nsrc = "b"\n', 3],
      ['r.toml', '[template]\nsrc = 1\ndest = "b"\nkeys = "/a"\n', 2],
    ];
    for (const [name, text, line] of corpus) {
      const confd = join(dir, 'conf.d');
      await rm(confd, { recursive: true, force: true });
      await mkdir(confd, { recursive: true });
      await writeFile(join(confd, name), text);
      const loaded = await loadResources({ confdir: dir, prefix: '/' });
      expect(loaded.problems, JSON.stringify(text.slice(0, 60))).toHaveLength(1);
      const error = loaded.problems[0]?.error;
      expectLocated(error, join(confd, name));
      if (line !== undefined) {
        const lines = (error instanceof ConfigProblemsError ? error.problems : [error]).map((p) => p?.line);
        expect(lines, JSON.stringify(text.slice(0, 60))).toContain(line);
      }
    }
  });
});

describe('hostile settings files', () => {
  it(`mutated and random settings files load or throw a ConfigError naming the file (${RUNS * 2} cases)`, async () => {
    const dir = await tempDir();
    const file = join(dir, 'confetti.yaml');
    const check = async (text: string) => {
      await writeFile(file, text);
      try {
        await loadSettings({ flags: { config: file }, env: {}, cwd: dir });
      } catch (error) {
        expectLocated(error, file);
      }
    };
    await fc.assert(fc.asyncProperty(mutated(VALID_SETTINGS), check), { numRuns: RUNS });
    const names = [
      'confdir',
      'backend',
      'file',
      'prefix',
      'endpoints',
      'log_level',
      'dial_timeout',
      'wait',
      'interval',
      'max_output_size',
      'password_file',
    ];
    await fc.assert(fc.asyncProperty(randomDoc(names), check), { numRuns: RUNS });
  });
});

describe('hostile templates', () => {
  const view = View.fromEntries(1n, [
    ['/app/a', '1'],
    ['/app/b', 'x y'],
    ['/db/host', 'h'],
  ]);
  const file = '/t/hostile.hbs';
  const attempt = (source: string): void => {
    let template;
    try {
      template = compileTemplate(source, file);
    } catch (error) {
      expect(error, String(error)).toBeInstanceOf(TemplateError);
      expect((error as TemplateError).file).toBe(file);
      if ((error as TemplateError).code === 'TEMPLATE_SYNTAX') expect((error as TemplateError).line, String(error)).toBeGreaterThan(0);
      return;
    }
    try {
      const out = template.render(view, { env: {}, maxOutputSize: 1 << 20 });
      expect(typeof out).toBe('string');
    } catch (error) {
      expect(error, String(error)).toBeInstanceOf(TemplateError);
      expect((error as TemplateError).file).toBe(file);
    }
  };

  it(`mutated and random templates compile and render, or fail with a TemplateError naming the file (${RUNS * 2} cases)`, () => {
    fc.assert(fc.property(mutated(VALID_TEMPLATE), attempt), { numRuns: RUNS });
    const piece = fc.constantFrom(
      '{{',
      '}}',
      '{{#each (gets "/app/*")}}',
      '{{/each}}',
      '{{#if x}}',
      '{{else}}',
      '{{/if}}',
      '{{value}}',
      '{{getv "/nope"}}',
      '{{seq 1 3}}',
      '{{> partial}}',
      '{{!-- c --}}',
      '{{{raw}}}',
      '(',
      ')',
      '"',
      'text\n',
      '{{lookup . "constructor"}}',
      '{{#with}}',
      '{{add 1 "x"}}',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }).map((a) => a.join('')),
        attempt,
      ),
      { numRuns: RUNS },
    );
  });

  it('refuses a template that produces gigabytes, at --max-output-size, naming the template line', () => {
    const huge = compileTemplate('ok\n{{#each (seq 1 1000000)}}{{#each (seq 1 1000000)}}0123456789abcdef{{/each}}{{/each}}', file);
    const started = Date.now();
    let error: unknown;
    try {
      huge.render(view, { env: {}, maxOutputSize: 64 * 1024 * 1024 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).code).toBe('OUTPUT_TOO_LARGE');
    expect((error as TemplateError).line).toBe(2);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

// node bench/render.mjs — what each template fast path saves, in process: a render of N keys (default 10,000) after
// one key changed, with each trick on and off. The sources are bundled with esbuild (a variant with the string-joining
// compiler removed is bundled apart), then each variant renders the same sequence of changes.
// Usage: node bench/render.mjs [--keys 10000] [--renders 400] [--rounds 3] [--variants 0,1,2,3]
// Run from another checkout's directory (node <this>/bench/render.mjs) to measure that checkout's sources.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median, percentile } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    keys: { type: 'string', default: '10000' },
    renders: { type: 'string', default: '400' },
    rounds: { type: 'string', default: '3' },
    variants: { type: 'string' },
  },
});
const KEYS = Number(opt.keys);
const RENDERS = Number(opt.renders);
const ROUNDS = Number(opt.rounds);
const TEMPLATE = '{{#each (gets "/app/*")}}{{base key}} {{value}}\n{{/each}}'; // bench/watch.mjs's
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

const dir = mkdtempSync(join(tmpdir(), 'confetti-bench-render-'));
const ENTRY = `export { compileTemplate } from './src/template/compile.ts';
export { COMPILE_OPTIONS } from './src/template/handlebars.ts';
export { Mirror } from './src/mirror/mirror.ts';`;

/** Bundle the template stage; `stock` drops the string-joining compiler (handlebars.ts installs it). */
async function bundle(name, stock) {
  const outfile = join(dir, `${name}.mjs`);
  const plugins = !stock
    ? []
    : [
        {
          name: 'stock-compiler',
          setup(b) {
            b.onLoad({ filter: /src\/template\/handlebars\.ts$/ }, (args) => {
              const text = readFileSync(args.path, 'utf8');
              if (!text.includes('useStringJoiningCompiler(hb);'))
                throw new Error('handlebars.ts no longer calls useStringJoiningCompiler(hb)');
              return { contents: text.replace('useStringJoiningCompiler(hb);', ''), loader: 'ts' };
            });
          },
        },
      ];
  await build({
    stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    plugins,
    logLevel: 'error',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return import(pathToFileURL(outfile).href);
}

const patched = await bundle('patched', false);
const stock = await bundle('stock', true);
const VARIANTS = {
  'all tricks (as shipped)': { mod: patched, options: {} },
  'no #each reuse': { mod: patched, options: { memo: false } },
  'no #each reuse, no knownHelpersOnly': {
    mod: patched,
    options: { memo: false, handlebars: { ...patched.COMPILE_OPTIONS, knownHelpersOnly: false } },
  },
  'stock compiler (no string joining)': { mod: stock, options: {} },
};

const keyOf = (i) => `/app/s${String(i).padStart(5, '0')}`;
function mirrorOf(mod) {
  const m = new mod.Mirror();
  m.load({ revision: 1n, keys: new Map(Array.from({ length: KEYS }, (_, i) => [keyOf(i), `10.0.${(i >> 8) & 255}.${i & 255}:8080`])) });
  return m;
}

/** Render times (ms) of RENDERS renders, each after one put (or, with `resync`, a fresh snapshot with one change). */
function run({ mod, options }, resync) {
  const m = mirrorOf(mod);
  const template = mod.compileTemplate(TEMPLATE, '/bench/render.hbs', options);
  let bytes = template.render(m.view(), { env: {} }).length;
  const ms = [];
  let revision = 2n;
  for (let n = 0; n < RENDERS; n++) {
    const key = keyOf((n * 7919) % KEYS);
    const value = `10.1.0.${n & 255}:${8000 + n}`;
    if (resync) {
      const keys = new Map(
        m
          .view()
          .entriesUnder('/app')
          .map((e) => [e.key, e.value]),
      );
      m.load({ revision: revision++, keys: keys.set(key, value) });
    } else {
      m.apply({ type: 'change', revision: revision++, events: [{ type: 'put', key, value }] });
    }
    const view = m.view();
    const t0 = performance.now();
    bytes = template.render(view, { env: {} }).length;
    ms.push(performance.now() - t0);
  }
  return { ms, bytes };
}

console.log(
  `# render of ${KEYS} keys after one change — ${RENDERS} renders × ${ROUNDS} rounds per variant, node ${process.version}, load ${load()}`,
);
console.log('| variant | after a put: median | p90 | after a fresh snapshot: median | p90 |');
console.log('|---|---|---|---|---|');
const chosen = Object.entries(VARIANTS).filter((_, i) => opt.variants === undefined || opt.variants.split(',').includes(String(i)));
const results = new Map(chosen.map(([v]) => [v, { put: [], resync: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the variants so a change in machine load hits them alike.
  for (const [name, variant] of chosen) {
    const r = results.get(name);
    r.put.push(...run(variant, false).ms);
    r.resync.push(...run(variant, true).ms);
  }
}
const f = (x) => x.toFixed(3);
for (const [name, r] of results)
  console.log(
    `| ${name} | ${f(median(r.put))} ms | ${f(percentile(r.put, 90))} ms | ${f(median(r.resync))} ms | ${f(percentile(r.resync, 90))} ms |`,
  );
console.log(`load after: ${load()}`);
rmSync(dir, { recursive: true, force: true });

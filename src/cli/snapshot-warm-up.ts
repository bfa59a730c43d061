// Run while the executable's startup snapshot is built (sea-main.ts): a real one-shot render of a small confdir in a
// temporary directory, so the functions a start runs are compiled then and their bytecode is in the snapshot. Without
// it each start spends ~40 ms compiling the YAML parser, zod, Handlebars' compiler and the pipeline lazily.
// Nothing it leaves behind is state a start reads: the program, caches and sources are built afresh by each command.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeySource } from '../backends/create-key-source.js';
import { backendOptionsOf } from './backend-options.js';
import { describeProblem } from '../config/problems.js';
import { loadResources } from '../config/load-resources.js';
import { loadSettings } from '../config/load-settings.js';
import { runOneShot } from '../daemon/one-shot.js';
import type { ResourceOutcome } from '../daemon/render-resource.js';
import { DnsCache } from '../dns/dns-cache.js';
import { createSystemResolver } from '../dns/system-resolver.js';
import { SILENT_LOGGER } from '../log/logger.js';
import { partialsDirOf } from '../template/load-template.js';
import { TemplateStore } from '../template/template-store.js';
import { givenOptions } from './options.js';
import { createProgram } from './program.js';

// The shapes of the shipped templates/haproxy.cfg.hbs and conf.d/app.yaml: block helpers, subexpressions, partials.
const FILES: Record<string, string> = {
  'confetti.yaml': 'log_level: error\nbackend: file\n',
  'conf.d/proxy.yaml':
    'src: proxy.hbs\ndest: out/proxy.cfg\nmode: "0644"\nkeys:\n  - /services\ncreate_dirs: true\n' +
    'check_cmd: check {{src}}\nreload_cmd: "true"\nwait:\n  min: 500ms\n  max: 2s\n',
  'conf.d/app.toml':
    '[template]\nsrc = "app.hbs"\ncreate_dirs = true\ndest = "out/app.ini"\nprefix = "/app"\nkeys = ["/name", "/features"]\n',
  'templates/proxy.hbs':
    '{{#each (lsdir "/services")}}{{#if (exists (printf "/services/%s/port" this))}}\n' +
    'frontend {{this}}\n  bind {{getv (printf "/services/%s/bind" this) "0.0.0.0"}}:{{getv (printf "/services/%s/port" this)}}\n' +
    '{{#each (gets (printf "/services/%s/instances/*" this))}}{{#with (instance key value)}}' +
    '  server {{name}} {{host}}:{{port}} weight {{weight}}\n{{else}}  # skipped\n{{/with}}{{/each}}' +
    '{{else}}# {{this}} skipped\n{{/if}}{{/each}}{{> footer}}',
  'templates/partials/footer.hbs': '# {{len (ls "/services")}} services\n',
  'templates/app.hbs':
    '; {{getv "/name"}}\n{{#each (gets "/features/*")}}{{base key}} = ' +
    '{{#if (parseBool value)}}on{{else}}off{{/if}}\n{{/each}}{{join (split (getv "/name") "-") ","}}\n',
  'data.yaml':
    'services:\n  web:\n    port: 8080\n    instances:\n      web-1: 127.0.0.1:9001\n' +
    '      web-2: \'{"host": "127.0.0.1", "port": 9002, "weight": 50}\'\n  batch:\n    instances: {}\n' +
    'app:\n  name: shop-eu\n  features:\n    search: "true"\n    ads: "false"\n',
  'data.json': '{"app": {"features": {"beta": "true"}}}',
};

/** Renders the warm-up confdir (written, then unchanged, then a dry run) as `confetti render` would, in a directory
 * made under `parent` and removed after; returns each pass's outcomes. */
export async function warmUpForSnapshot(parent = tmpdir()): Promise<ResourceOutcome[][]> {
  const dir = await mkdtemp(join(parent, 'confetti-snapshot-'));
  try {
    for (const [name, text] of Object.entries(FILES)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    const flags = await parseRenderCommand(dir);
    const passes: ResourceOutcome[][] = [];
    for (const dryRun of [false, false, true]) passes.push(await renderOnce(flags, dryRun));
    return passes;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// A command line through a program built as the CLI builds it (a throwaway: the one each start uses stays pristine),
// with the render action swapped for one that only returns the flags it was given.
async function parseRenderCommand(dir: string): Promise<Record<string, unknown>> {
  const program = createProgram();
  const render = program.commands.find((c) => c.name() === 'render');
  if (render === undefined) throw new Error('snapshot warm-up: the program has no render command');
  let flags: Record<string, unknown> | undefined;
  render.action(() => {
    flags = givenOptions(render);
  });
  const files = ['--file', join(dir, 'data.yaml'), '--file', join(dir, 'data.json')];
  const args = ['render', '--confdir', dir, '--config', join(dir, 'confetti.yaml'), '--backend', 'file', ...files, '--sync-only'];
  await program.parseAsync(['node', 'confetti', ...args]);
  if (flags === undefined) throw new Error('snapshot warm-up: the render action did not run');
  return flags;
}

// runRender (render-action.ts) with settings from flags and the settings file only, and without what a snapshot cannot
// hold or a build must not do: signal handlers, stdout, commands.
async function renderOnce(flags: Record<string, unknown>, dryRun: boolean): Promise<ResourceOutcome[]> {
  // No env: the build's own CONFETTI_* and ETCDCTL_* variables must not pick another backend.
  const settings = await loadSettings({ flags, env: {}, cwd: tmpdir() });
  const { resources, problems } = await loadResources(settings);
  if (problems.length > 0 || resources.length !== 2)
    throw new Error(`snapshot warm-up: ${resources.length} resource(s), ${problems.map((p) => describeProblem(p.error)).join('; ')}`);
  const source = await createKeySource(backendOptionsOf(settings), { env: {} });
  try {
    const deps = {
      templates: new TemplateStore({ partialsDir: partialsDirOf(settings.confdir) }),
      env: {},
      logger: SILENT_LOGGER,
      dns: new DnsCache({ resolver: createSystemResolver(), logger: SILENT_LOGGER, timeoutMs: settings.dnsTimeout }),
      options: {
        syncOnly: true,
        keepStageFile: false,
        dryRun,
        maxOutputSize: settings.maxOutputSize,
        renderTimeoutMs: settings.renderTimeout,
      },
    };
    const { results } = await runOneShot(
      { resources, source, deps, logger: SILENT_LOGGER, waitForDataMs: 0 },
      new AbortController().signal,
    );
    const failed = results.find((r) => r.outcome === 'failed');
    if (failed) throw new Error(`snapshot warm-up: ${failed.resource.name} failed`, { cause: failed.error });
    return results.map((r) => r.outcome);
  } finally {
    await source.close();
  }
}

// Every `{{example}}` → `output` in docs/templates.md is rendered and compared, and every helper has a documented row
// with an example, so the template reference cannot drift from the helpers.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DnsCache } from '../dns/dns-cache.js';
import { srvRecord } from '../dns/answers.js';
import { renderResolving } from '../dns/render-passes.js';
import { RecordingLogger } from '../../test/support/recording-logger.js';
import { FakeResolver } from '../dns/test-support.js';
import { SILENT_LOGGER } from '../log/logger.js';
import { compileTemplate } from './compile.js';
import { HELPERS } from './handlebars.js';
import { SCOPE_HELPERS } from './helpers-scope.js';
import { render, TEST_FILE, viewOf } from './test-support.js';

const DOC = 'docs/templates.md';
const DOC_PATH = join(dirname(fileURLToPath(import.meta.url)), '../..', DOC);

/** The keys and environment the examples assume (listed at the top of docs/templates.md). */
const KEYS = {
  '/key': 'foobar',
  '/upstream/app1': '10.0.1.10:8080',
  '/upstream/app2': '10.0.1.11:8080',
  '/services/db/port': '5432',
  '/services/web/port': '8080',
  '/services/web/a/addr': '10.0.2.1',
  '/services/web/b/addr': '10.0.2.2',
  '/s/a': '1',
  '/s/bb': '2',
  '/s/ccc': '3',
};
const ENV = { HOSTNAME: 'localhost' };
/** Handlebars' own helpers that the page documents besides ours. */
const HANDLEBARS_BUILTINS = ['each', 'lookup'];

/** The DNS answers the lookup examples assume (the real resolver is tested against dnsmasq in test/dns). */
function docsResolver(): FakeResolver {
  const resolver = new FakeResolver();
  resolver.ips.set('localhost', ['127.0.0.1']);
  resolver.ips.set('web.example', ['10.0.0.5', '2001:db8::5']);
  resolver.srvs.set('_http._tcp.example.com', [srvRecord('b.example.com.', 80, 10, 5), srvRecord('a.example.com.', 8080, 10, 5)]);
  return resolver;
}

async function renderExample(template: string, now: Date): Promise<string> {
  if (!template.includes('lookup') || template.includes('{{lookup ')) return render(template, KEYS, { env: ENV, now });
  const compiled = compileTemplate(template, TEST_FILE);
  const cache = new DnsCache({ resolver: docsResolver(), logger: new RecordingLogger(), timeoutMs: 1_000 });
  return renderResolving(
    (dns) => compiled.render(viewOf(KEYS), { env: ENV, now, dns }),
    cache,
    'docs',
    SILENT_LOGGER,
    new AbortController().signal,
  );
}

const EXAMPLE = /`([^`]*\{\{[^`]*)` → `([^`]*)`/g;

interface Example {
  line: number;
  template: string;
  output: string;
}

const lines = readFileSync(DOC_PATH, 'utf8').split('\n');

/** Table cells escape "|" as "\|"; in a list item or a cell, "\n" stands for a newline (println, whitespace). */
function readExamples(): Example[] {
  const examples: Example[] = [];
  lines.forEach((text, i) => {
    const found = [...text.matchAll(EXAMPLE)];
    const inTable = text.startsWith('|');
    // A row or item that shows an output must yield it: one this parser cannot read fails instead of being skipped.
    if ((inTable || text.startsWith('- ')) && text.includes('` → `') && found.length === 0)
      throw new Error(`${DOC}:${i + 1}: unreadable example`);
    const unescape = (s: string): string => (inTable ? s.replaceAll('\\|', '|') : s).replaceAll('\\n', '\n');
    for (const [, template = '', output = ''] of found)
      examples.push({ line: i + 1, template: unescape(template), output: unescape(output) });
  });
  return examples;
}

/** Helper table rows: the names in the first cell, and whether the row shows an example with its output. */
function helperRows(): { line: number; names: string[]; example: boolean }[] {
  let inHelperTable = false;
  const rows: { line: number; names: string[]; example: boolean }[] = [];
  lines.forEach((text, i) => {
    if (!text.startsWith('|')) inHelperTable = false;
    else if (text.startsWith('| helper |')) inHelperTable = true;
    else if (inHelperTable && !text.startsWith('|---')) {
      const first = text.split(' | ')[0] ?? '';
      rows.push({ line: i + 1, names: [...first.matchAll(/`([A-Za-z0-9]+)`/g)].map((m) => m[1] ?? ''), example: EXAMPLE.test(text) });
      EXAMPLE.lastIndex = 0;
    }
  });
  return rows;
}

const examples = readExamples();

describe('docs/templates.md examples', () => {
  it('finds the examples of every table row', () => {
    expect(examples.length).toBeGreaterThanOrEqual(70);
    expect(examples.map((e) => e.template)).toContain('{{println "a" 1}}');
  });

  it.each(examples)('docs/templates.md:$line $template', async ({ template, output }) => {
    const now = new Date('2026-05-06T07:08:09.010Z');
    const rendered = await renderExample(template, now);
    // datetime's example shows some render time: checked by shape.
    if (template.includes('datetime')) expect(rendered).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    else expect(rendered).toBe(output);
  });

  it('documents every helper in a table row with an example and its output, and no helper that does not exist', () => {
    const rows = helperRows();
    const documented = rows.flatMap((r) => r.names);
    const helpers = [...Object.keys(HELPERS), ...Object.keys(SCOPE_HELPERS), ...HANDLEBARS_BUILTINS];
    expect(
      helpers.filter((h) => !documented.includes(h)),
      'helpers without a row in docs/templates.md',
    ).toEqual([]);
    expect(
      documented.filter((h) => !helpers.includes(h)),
      'rows naming no helper',
    ).toEqual([]);
    expect(
      rows.filter((r) => !r.example).map((r) => `${DOC}:${r.line}`),
      'rows without an example → output',
    ).toEqual([]);
  });
});

// Every `{{example}}` → `output` in the README's Templates section is rendered and compared, so the documentation
// cannot drift from the helpers.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DnsCache } from '../dns/dns-cache.js';
import { srvRecord } from '../dns/answers.js';
import { renderResolving } from '../dns/render-passes.js';
import { FakeResolver, RecordingLogger } from '../dns/test-support.js';
import { SILENT_LOGGER } from '../log/logger.js';
import { compileTemplate } from './compile.js';
import { render, TEST_FILE, viewOf } from './test-support.js';

const README = join(dirname(fileURLToPath(import.meta.url)), '../../README.md');

/** The keys and environment the README's examples assume. */
const KEYS = {
  '/key': 'foobar',
  '/upstream/app1': '10.0.1.10:8080',
  '/upstream/app2': '10.0.1.11:8080',
  '/services/db/port': '5432',
  '/services/web/port': '8080',
  '/services/web/a/addr': '10.0.2.1',
  '/services/web/b/addr': '10.0.2.2',
};
const ENV = { HOSTNAME: 'localhost' };

/** The DNS answers the README's lookup examples assume (the real resolver is tested against dnsmasq in test/dns). */
function readmeResolver(): FakeResolver {
  const resolver = new FakeResolver();
  resolver.ips.set('localhost', ['127.0.0.1']);
  resolver.srvs.set('_http._tcp.example.com', [srvRecord('b.example.com.', 80, 10, 5), srvRecord('a.example.com.', 8080, 10, 5)]);
  return resolver;
}

async function renderExample(template: string, now: Date): Promise<string> {
  if (!template.includes('lookup')) return render(template, KEYS, { env: ENV, now });
  const compiled = compileTemplate(template, TEST_FILE);
  const cache = new DnsCache({ resolver: readmeResolver(), logger: new RecordingLogger(), timeoutMs: 1_000 });
  return renderResolving((dns) => compiled.render(viewOf(KEYS), { env: ENV, now, dns }), cache, 'readme', SILENT_LOGGER, new AbortController().signal);
}

const EXAMPLE = /`([^`]*\{\{[^`]*)` → `([^`]*)`/g;

interface Example {
  line: number;
  template: string;
  output: string;
}

function templatesSection(text: string): { start: number; lines: string[] } {
  const lines = text.split('\n');
  const start = lines.indexOf('## Templates');
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return { start, lines: lines.slice(start, end) };
}

/** Table cells escape "|" as "\|"; an output's "\n" stands for a newline (println). */
function readExamples(): Example[] {
  const { start, lines } = templatesSection(readFileSync(README, 'utf8'));
  const examples: Example[] = [];
  lines.forEach((text, i) => {
    const found = [...text.matchAll(EXAMPLE)];
    // A table row that shows an output must yield it: a row this parser cannot read fails instead of being skipped.
    if (text.startsWith('|') && text.includes(' → `') && found.length === 0) throw new Error(`README.md:${start + i + 1}: unreadable example`);
    const inTable = text.startsWith('|');
    for (const [, template = '', output = ''] of found) {
      examples.push({
        line: start + i + 1,
        template: inTable ? template.replaceAll('\\|', '|') : template,
        output: (inTable ? output.replaceAll('\\|', '|') : output).replaceAll('\\n', '\n'),
      });
    }
  });
  return examples;
}

const examples = readExamples();

describe('README template examples', () => {
  it('finds the examples of every table row', () => {
    expect(examples.length).toBeGreaterThanOrEqual(50);
    expect(examples.map((e) => e.template)).toContain('{{println "a" 1}}');
  });

  it.each(examples)('README.md:$line $template', async ({ template, output }) => {
    const now = new Date('2026-05-06T07:08:09.010Z');
    const rendered = await renderExample(template, now);
    // datetime's example shows some render time: checked by shape.
    if (template.includes('datetime')) expect(rendered).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    else expect(rendered).toBe(output);
  });
});

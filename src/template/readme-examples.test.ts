// Every `{{example}}` → `output` in the README's Templates section is rendered and compared, so the documentation
// cannot drift from the helpers.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { render } from './test-support.js';

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

  it.each(examples)('README.md:$line $template', ({ template, output }) => {
    const now = new Date('2026-05-06T07:08:09.010Z');
    const rendered = render(template, KEYS, { env: ENV, now });
    // datetime's example shows some render time: checked by shape.
    if (template.includes('datetime')) expect(rendered).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    else expect(rendered).toBe(output);
  });
});

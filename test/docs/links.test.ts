// Every relative link in README.md and docs/ resolves: the file exists and, with a #fragment, so does the heading.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's heading anchors: lower case, punctuation dropped (but - and _), spaces to -. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1] ?? '')));
}

/** [text](target) outside code blocks and inline code; external and mail links are not ours to check. */
function linksOf(file: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  let fenced = false;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trimStart().startsWith('```')) fenced = !fenced;
      if (fenced) return;
      for (const m of text.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1] ?? '';
        if (!/^[a-z]+:/.test(target)) links.push({ line: i + 1, target });
      }
    });
  return links;
}

describe('links in README.md and docs/', () => {
  it('finds the pages and their links', () => {
    expect(PAGES).toContain('docs/templates.md');
    expect(PAGES.flatMap((p) => linksOf(join(ROOT, p))).length).toBeGreaterThan(30);
  });

  it('computes anchors as GitHub does', () => {
    expect(anchorOf('2. Container one-shot, or confetti supervising HAProxy (exec mode)')).toBe(
      '2-container-one-shot-or-confetti-supervising-haproxy-exec-mode',
    );
    expect(anchorOf('`confetti register`: instances announce themselves')).toBe('confetti-register-instances-announce-themselves');
    expect(anchorOf("confd's functions")).toBe('confds-functions');
  });

  it.each(PAGES)('%s: every relative link resolves', (page) => {
    const broken: string[] = [];
    for (const { line, target } of linksOf(join(ROOT, page))) {
      const [path = '', fragment] = target.split('#');
      const file = path === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), path);
      if (!existsSync(file)) broken.push(`${page}:${line}: ${target} (no file ${relative(ROOT, file)})`);
      else if (fragment !== undefined && file.endsWith('.md') && !anchorsOf(file).has(fragment))
        broken.push(`${page}:${line}: ${target} (no heading #${fragment})`);
    }
    expect(broken).toEqual([]);
  });
});

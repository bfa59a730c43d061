// confd/memkv key patterns (Go path.Match) plus "**", compiled once to a RegExp.
import { normalizeKey } from '../keys/prefix.js';
import { TemplateError } from '../errors.js';
import type { KeyValue, View } from '../mirror/view.js';

export interface CompiledPattern {
  readonly regex: RegExp;
  /** Same answer as `regex.test`, without the regex for the common "<dir>/*" and "<dir>/**" shapes. */
  readonly test: (key: string) => boolean;
  /** Deepest literal directory the pattern starts with: only keys under it can match. */
  readonly base: string;
}

const CACHE_LIMIT = 1000;
const cache = new Map<string, CompiledPattern>();
const OUTSIDE_CLASS = /[\\^$.*+?()[\]{}|/]/g;
const INSIDE_CLASS = /[\\^$.*+?()[\]{}|/-]/g;

function badPattern(pattern: string, why: string): TemplateError {
  return new TemplateError('BAD_PATTERN', `bad key pattern "${pattern}": ${why}`, { key: pattern });
}

/** Translate "[...]" starting at `start` (the "["); returns the regex piece and the index after "]". */
function translateClass(p: string, start: number, pattern: string): [string, number] {
  let i = start + 1;
  const negated = p[i] === '^';
  if (negated) i++;
  let body = '';
  let ranges = 0;
  const char = (): string => {
    const escaped = p[i] === '\\';
    if (escaped) i++;
    const code = p.codePointAt(i);
    if (code === undefined) throw badPattern(pattern, 'unterminated character class');
    const c = String.fromCodePoint(code);
    if (!escaped && (c === ']' || c === '-')) throw badPattern(pattern, `unexpected "${c}" in character class`);
    i += c.length;
    return c;
  };
  for (;;) {
    if (p[i] === ']' && ranges > 0) return [negated ? `[^/${body}]` : `(?:(?!/)[${body}])`, i + 1];
    const lo = char();
    let hi = lo;
    if (p[i] === '-') {
      i++;
      hi = char();
      if ((hi.codePointAt(0) as number) < (lo.codePointAt(0) as number)) throw badPattern(pattern, `range "${lo}-${hi}" is out of order`);
    }
    body += lo.replace(INSIDE_CLASS, '\\$&') + (hi === lo ? '' : '-' + hi.replace(INSIDE_CLASS, '\\$&'));
    ranges++;
  }
}

function translate(p: string, pattern: string): string {
  let re = '^';
  let i = 0;
  while (i < p.length) {
    const c = p[i] as string;
    if (c === '*' && p[i + 1] === '*') {
      let j = i;
      while (p[j] === '*') j++;
      // "/a/**/b" also matches "/a/b": a whole "**" segment may stand for no segment at all.
      if (p[i - 1] === '/' && p[j] === '/') {
        re += '(?:[^]*/)?';
        j++;
      } else re += '[^]*';
      i = j;
    } else if (c === '*') {
      re += '[^/]*';
      i++;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '[') {
      const [piece, next] = translateClass(p, i, pattern);
      re += piece;
      i = next;
    } else if (c === '\\') {
      const lit = p[i + 1];
      if (lit === undefined) throw badPattern(pattern, 'trailing backslash');
      re += lit.replace(OUTSIDE_CLASS, '\\$&');
      i += 2;
    } else {
      re += c.replace(OUTSIDE_CLASS, '\\$&');
      i++;
    }
  }
  return re + '$';
}

function literalBase(p: string): string {
  const meta = p.search(/[*?[\\]/);
  if (meta === -1) return p;
  const slash = p.lastIndexOf('/', meta);
  return slash <= 0 ? '/' : p.slice(0, slash);
}

/** Compile a key pattern: "*" and "?" stay inside one segment, "[a-z]" classes, "**" crosses "/". */
export function compilePattern(pattern: string): CompiledPattern {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const p = normalizeKey(pattern);
  const regex = new RegExp(translate(p, pattern), 'u');
  const base = literalBase(p);
  const compiled = { regex, base, test: fastTest(p, base) ?? ((key: string): boolean => regex.test(key)) };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

// Keys handed to `test` are under `base` already (matchEntries scans only those), so "<dir>/*" is "one more segment"
// and "<dir>/**" is "anything below"; a 10,000-key gets spent half its time in the regex.
function fastTest(p: string, base: string): ((key: string) => boolean) | undefined {
  if (base === '/' || !p.startsWith(base)) return undefined;
  const rest = p.slice(base.length);
  const cut = base.length + 1;
  if (rest === '/*') return (key) => key.length > cut && key.indexOf('/', cut) === -1;
  if (rest === '/**') return (key) => key.length > cut;
  return undefined;
}

/** Entries of `view` whose key matches `pattern`, sorted; only the entries under the pattern's literal base are scanned. */
export function matchEntries(view: View, pattern: string): KeyValue[] {
  const { test, base } = compilePattern(pattern);
  const found = view.entriesUnder(base); // a fresh array: kept matches are moved to its front
  let n = 0;
  for (const e of found) if (test(e.key)) found[n++] = e;
  found.length = n;
  return found;
}

/** Keys of `view` matching `pattern`, sorted. */
export function matchKeys(view: View, pattern: string): string[] {
  return matchEntries(view, pattern).map((e) => e.key);
}

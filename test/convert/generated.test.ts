// Generated confd templates (text, trim markers, comments, if/else if/else, range with and without variables, with,
// variables declared and assigned, pipelines, sub-expressions, .Key/.Value and dot): converted and rendered by
// confetti, they must render what Go's text/template renders, byte for byte, or fail where Go fails.
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { buildGoOracle } from '../support/go-oracle.js';
import { renderConverted, renderGo } from './differential.js';

const KEYS: Record<string, string> = {
  '/key': 'foobar',
  '/num': '10',
  '/empty': '',
  '/upstream/app1': '10.0.1.10:8080',
  '/upstream/app2': '10.0.1.11:8080',
  '/services/web/port': '8080',
  '/services/db/port': '5432',
};

type Gen = fc.GeneratorValue;
type Dot = 'nil' | 'kv' | 'str';

interface Ctx {
  depth: number;
  dot: Dot;
  vars: string[];
  /** Names declared anywhere so far (assignments need one in scope). */
  counter: { n: number };
}

const TEXT = ['a', 'b', ' ', '  ', '\n', '\n  ', '\t', 'x: ', ';', '}', '\\', '-', '\r\n', 'é'];

function pick<T>(g: Gen, items: readonly T[]): T {
  return items[g(fc.integer, { min: 0, max: items.length - 1 })] as T;
}

function text(g: Gen): string {
  let out = '';
  const n = g(fc.integer, { min: 0, max: 3 });
  for (let i = 0; i < n; i++) out += pick(g, TEXT);
  return out;
}

function open(g: Gen): string {
  return g(fc.boolean) ? '{{- ' : '{{';
}

function close(g: Gen): string {
  return g(fc.boolean) ? ' -}}' : '}}';
}

/** A string-valued expression (Go operand or parenthesized call). */
function value(g: Gen, ctx: Ctx, depth = 0): string {
  const options: (() => string)[] = [
    () => '(getv "/key")',
    () => '(getv "/nope" "dflt")',
    () => pick(g, ['"lit"', '"two words"', '`raw`', '""']),
    () => '(getenv "HOSTNAME")',
    () => '(base "/a/b")',
    () => `(printf "%s-%d" ${depth < 2 ? value(g, ctx, depth + 1) : '"p"'} 3)`,
  ];
  if (depth < 2)
    options.push(
      () => `(toUpper ${value(g, ctx, depth + 1)})`,
      () => `(${value(g, ctx, depth + 1)} | printf "<%s>")`,
    );
  if (ctx.vars.length > 0) options.push(() => `$${pick(g, ctx.vars)}`);
  if (ctx.dot === 'kv')
    options.push(
      () => '.Key',
      () => '.Value',
      () => '(base .Key)',
    );
  if (ctx.dot === 'str') options.push(() => '.');
  return pick(g, options)();
}

function condition(g: Gen, ctx: Ctx, depth = 0): string {
  const options: (() => string)[] = [
    () => pick(g, ['(exists "/key")', '(exists "/nope")', 'true', 'false']),
    () => `(eq ${value(g, ctx)} ${value(g, ctx)})`,
    () => `(ne ${value(g, ctx)} "lit")`,
    () => value(g, ctx),
    () => `(gt (len (split (getv "/key") "o")) ${g(fc.integer, { min: 0, max: 3 })})`,
  ];
  if (depth < 2) {
    options.push(
      () => `(and ${condition(g, ctx, depth + 1)} ${condition(g, ctx, depth + 1)})`,
      () => `(or ${condition(g, ctx, depth + 1)} ${condition(g, ctx, depth + 1)})`,
      () => `(not ${condition(g, ctx, depth + 1)})`,
    );
  }
  return pick(g, options)();
}

/** Strip one level of parentheses for the head of an action: `{{if (eq a b)}}` and `{{if eq a b}}` are both Go. */
function bare(expr: string, g: Gen): string {
  return expr.startsWith('(') && expr.endsWith(')') && g(fc.boolean) ? expr.slice(1, -1) : expr;
}

function statements(g: Gen, ctx: Ctx): string {
  let out = text(g);
  const n = g(fc.integer, { min: 0, max: ctx.depth > 2 ? 1 : 3 });
  const scope: Ctx = { ...ctx, vars: [...ctx.vars] };
  for (let i = 0; i < n; i++) out += statement(g, scope) + text(g);
  return out;
}

function statement(g: Gen, ctx: Ctx): string {
  const inner = (dot: Dot, vars: string[] = []): string =>
    statements(g, { ...ctx, depth: ctx.depth + 1, dot, vars: [...ctx.vars, ...vars] });
  const options: (() => string)[] = [
    () => `${open(g)}${bare(value(g, ctx), g)}${close(g)}`,
    () => `${open(g)}/* comment */${close(g)}`,
    () => {
      const name = `v${ctx.counter.n++}`;
      const decl = `${open(g)}$${name} := ${bare(value(g, ctx), g)}${close(g)}`;
      ctx.vars.push(name);
      return decl;
    },
  ];
  if (ctx.vars.length > 0) options.push(() => `${open(g)}$${pick(g, ctx.vars)} = ${bare(value(g, ctx), g)}${close(g)}`);
  if (ctx.depth < 3) {
    options.push(
      () => {
        let out = `${open(g)}if ${bare(condition(g, ctx), g)}${close(g)}${inner(ctx.dot)}`;
        if (g(fc.boolean)) out += `${open(g)}else if ${bare(condition(g, ctx), g)}${close(g)}${inner(ctx.dot)}`;
        if (g(fc.boolean)) out += `${open(g)}else${close(g)}${inner(ctx.dot)}`;
        return `${out}${open(g)}end${close(g)}`;
      },
      () => {
        // Range variables are printed where they are declared; only strings enter value(), as Go's string
        // functions refuse other types where confetti's would print them.
        const list = pick(g, ['gets "/upstream/*"', 'gets "/services/*/port"', 'gets "/none/*"']);
        const head = pick(g, ['', '$e := ', '$i, $e := ']);
        const show = head === '' ? '' : head.startsWith('$i') ? '{{$i}}={{$e}} ' : '{{$e}} ';
        const elseBranch = g(fc.boolean) ? `${open(g)}else${close(g)}${inner(ctx.dot)}` : '';
        return `${open(g)}range ${head}${list}${close(g)}${show}${inner('kv')}${elseBranch}${open(g)}end${close(g)}`;
      },
      () => {
        const head = pick(g, ['', '$i, $s := ']);
        const show = head === '' ? '' : '{{$i}}:';
        return `${open(g)}range ${head}split ${value(g, ctx)} "o"${close(g)}${show}${inner('str', head === '' ? [] : ['s'])}${open(g)}end${close(g)}`;
      },
      () =>
        `${open(g)}with ${bare(value(g, ctx), g)}${close(g)}${inner('str')}${g(fc.boolean) ? `${open(g)}else${close(g)}${inner(ctx.dot)}` : ''}${open(g)}end${close(g)}`,
    );
  }
  return pick(g, options)();
}

const template = fc.gen().map((g) => statements(g, { depth: 0, dot: 'nil', vars: [], counter: { n: 0 } }));

describe('generated templates: converted confetti = Go', () => {
  beforeAll(async () => {
    await buildGoOracle();
  }, 300_000);

  it('renders the same bytes, or fails where Go fails', async () => {
    await fc.assert(
      fc.asyncProperty(template, async (source) => {
        const c = { template: source, keys: KEYS, env: { HOSTNAME: 'host1' } };
        const go = await renderGo(c);
        const ours = renderConverted(c);
        const context = `template ${JSON.stringify(source)}\nconverted ${JSON.stringify(ours.source)}\ngo ${JSON.stringify(go)}\nconfetti ${JSON.stringify(ours)}`;
        if (go.ok !== ours.ok) throw new Error(`one side failed\n${context}`);
        if (go.ok && ours.ok && go.output !== ours.output) throw new Error(`different output\n${context}`);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});

// The Go oracle is faithful: it renders confd's own integration suite and every real-world corpus case to the bytes
// confd rendered. The smaller pins below were checked against confd HEAD (kelseyhightower/confd 919444eb) built
// locally with its vendored modules and run with `-onetime -backend file`; no confd binary is kept in the repository.
import { SUITE_DATA } from '../confd-suite/suite.js';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readConfdCase, readConfdResource } from '../support/confd-case.js';
import type { GoRenderRequest } from '../support/go-oracle.js';
import { buildGoOracle, renderWithGo } from '../support/go-oracle.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const CORPUS = join(FIXTURES, 'confd-corpus');
const SUITE = join(FIXTURES, 'confd-suite');

/** Each go/conf.d resource → its file in expect/ (nested.toml has none in confd's suite). */
const SUITE_EXPECT: Record<string, string | null> = {
  'basic.toml': 'basic.conf',
  'exists.toml': 'exists-test.conf',
  'iteration.toml': 'iteration.conf',
  'manykeys.toml': 'basic.conf',
  'nested.toml': null,
};

// A cold build compiles text/template and net from the standard library: minutes on a busy two-core machine.
beforeAll(() => buildGoOracle(), 300_000);

const corpusCases = (await readdir(CORPUS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);

/** One template with the given keys; everything else at confd's defaults. */
function request(template: string, keys: Record<string, string> = {}, extra: Partial<GoRenderRequest> = {}) {
  return { templates: { 't.tmpl': template }, main: 't.tmpl', keys, ...extra };
}

async function render(template: string, keys?: Record<string, string>, extra?: Partial<GoRenderRequest>) {
  const result = await renderWithGo(request(template, keys, extra));
  if (!result.ok) throw new Error(`expected a render, got: ${result.error}`);
  return result.output;
}

describe("the Go oracle renders confd's integration suite (go/) to expect/", () => {
  it('covers every resource in go/conf.d', async () => {
    expect((await readdir(join(SUITE, 'go', 'conf.d'))).sort()).toEqual(Object.keys(SUITE_EXPECT).sort());
  });

  for (const [toml, expected] of Object.entries(SUITE_EXPECT)) {
    it.skipIf(expected === null)(`${toml} → expect/${expected}`, async () => {
      const resource = await readConfdResource(join(SUITE, 'go', 'conf.d', toml));
      const result = await renderWithGo({
        templates: { [basename(resource.src)]: await readFile(join(SUITE, 'go', 'templates', resource.src), 'utf8') },
        main: basename(resource.src),
        keys: SUITE_DATA,
        resourceKeys: resource.keys,
        prefix: resource.prefix,
        env: { HOSTNAME: 'localhost' },
      });
      expect(result).toMatchObject({ ok: true });
      if (result.ok) expect(result.bytes).toEqual(await readFile(join(SUITE, 'expect', expected ?? '')));
    });
  }
});

describe('the Go oracle renders each confd corpus case to expected/', () => {
  it('finds the cases', () => {
    expect(corpusCases.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of corpusCases) {
    it(name, async () => {
      const c = await readConfdCase(join(CORPUS, name));
      expect(c.resources.length).toBeGreaterThan(0);
      for (const r of c.resources) {
        const main = basename(r.src);
        const result = await renderWithGo({
          templates: { [main]: await readFile(join(c.templatesDir, r.src), 'utf8') },
          main,
          keys: c.keys,
          resourceKeys: r.keys,
          prefix: r.prefix,
          env: c.env,
        });
        if (!result.ok) throw new Error(`${r.file}: ${result.error}`);
        const want = await readFile(join(c.dir, 'expected', basename(r.dest)));
        expect(result.output, r.file).toBe(want.toString('utf8'));
        expect(result.bytes.equals(want), r.file).toBe(true);
      }
    });
  }
});

describe("the oracle's key selection, as confd's setVars and backends", () => {
  const keys = { '/upstream/a': '1', '/upstreamx/b': '2', '/other': '3' };
  const template = '{{range gets "/*/*"}}{{.Key}}={{.Value}} {{end}}{{getv "/other" "hidden"}}\n';

  it('takes keys by plain string prefix by default, as the file backend does (/upstream takes /upstreamx)', async () => {
    const out = await render(template, keys, { resourceKeys: ['/upstream'] });
    expect(out).toBe('/upstream/a=1 /upstreamx/b=2 hidden\n');
  });

  it('takes only the key and keys below it with match "etcdv3"', async () => {
    const out = await render(template, keys, { resourceKeys: ['/upstream'], match: 'etcdv3' });
    expect(out).toBe('/upstream/a=1 hidden\n');
  });

  it('shows every key without resourceKeys and none with an empty list', async () => {
    expect(await render('{{getvs "/*/*"}}{{getvs "/*"}}\n', keys)).toBe('[1 2][3]\n');
    expect(await render('{{getvs "/*/*"}}{{getvs "/*"}}\n', keys, { resourceKeys: [] })).toBe('[][]\n');
  });

  it('joins resource keys under the prefix, then strips it (a prefix without its leading slash too)', async () => {
    const data = { '/service/batman/leader': 'l', '/service/batman/members/m1': 'a', '/leader': 'top' };
    const t = '{{getv "/leader"}}|{{ls "/members"}}|{{getvs "/*"}}\n';
    const out = await render(t, data, { resourceKeys: ['leader', '/members/'], prefix: 'service/batman' });
    expect(out).toBe('l|[m1]|[l]\n');
  });

  it('gives getenv only the request env, empty values falling back to the default', async () => {
    process.env.CONFETTI_ORACLE_LEAK = 'leaked';
    try {
      const t = '{{getenv "H"}}|{{getenv "NOPE" "dflt"}}|{{getenv "EMPTY" "e"}}|{{getenv "CONFETTI_ORACLE_LEAK"}}|';
      expect(await render(t, {}, { env: { H: 'host', EMPTY: '' } })).toBe('host|dflt|e||');
    } finally {
      delete process.env.CONFETTI_ORACLE_LEAK;
    }
  });
});

describe("the oracle's memkv functions and confd helpers, as confd renders them", () => {
  it('prints KVPairs as {key value}; reverse leaves gets alone (KVPairs is not []KVPair), reverses getvs', async () => {
    const t = '{{range gets "/a/*"}}{{.}} {{end}}|{{reverse (gets "/a/*")}}|{{reverse (getvs "/a/*")}}\n';
    const out = await render(t, { '/a/b': '2', '/a/c': '1', '/ax': '3' });
    expect(out).toBe('{/a/b 2} {/a/c 1} |[{/a/b 2} {/a/c 1}]|[2 1]\n');
  });

  it('lists with ls and lsdir by path segments (ls "/" only sees keys at the root, lsdir "/" nothing)', async () => {
    const t = '{{ls "/"}}|{{ls "/a"}}|{{ls "/a/"}}|{{ls "/a/b"}}|{{lsdir "/"}}|{{lsdir "/a"}}|{{lsdir "/x"}}\n';
    const data = { '/a/b': '1', '/a/c/d': '2', '/a/c/e/f': '3', '/top': 't', '/ab/z': '9' };
    expect(await render(t, data)).toBe('[top]|[b c]|[b c]|[b]|[]|[c]|[]\n');
  });

  it('sorts getvs by value and sortKVByLength by key length', async () => {
    const t =
      '{{get "/a/b"}}|{{exists "/a"}}|{{getv "/zz" "d1" "d2"}}|{{getvs "/a/*"}}|' +
      '{{sortByLength (getvs "/*/*")}}|{{reverse (sortKVByLength (gets "/*/*"))}}\n';
    expect(await render(t, { '/a/b': 'zzz', '/a/c': 'y', '/ab/z': 'xx' })).toBe(
      '{/a/b zzz}|false|d1|[y zzz]|[y xx zzz]|[{/ab/z xx} {/a/c y} {/a/b zzz}]\n',
    );
  });

  it('decodes json into maps with float64 numbers; a missing field prints <no value>', async () => {
    const t = '{{$j := json (getv "/j")}}{{$j.n}} {{$j.s}} {{$j.arr}} {{$j.o}} {{$j.missing}}|' + '{{jsonArray "[1,\\"x\\",null]"}}\n';
    expect(await render(t, { '/j': '{"n":10000000,"s":"str","arr":[1,2],"o":{"k":true}}' })).toBe(
      '1e+07 str [1 2] map[k:true] <no value>|[1 x <nil>]\n',
    );
  });

  // Each [template piece, what confd printed for it]; rendered as one template, the pieces joined by "|".
  const HELPERS: [string, string][] = [
    ['{{split "a,b" ","}}', '[a b]'],
    ['{{join (split "a,b" ",") "-"}}', 'a-b'],
    ['{{base "/x/y"}} {{dir "/x/y"}}', 'y /x'],
    ['{{replace "aaa" "a" "b" 2}}', 'bba'],
    ['{{toUpper "x"}} {{toLower "Y"}}', 'X y'],
    ['{{contains "abc" "b"}} {{trimSuffix "a.b" ".b"}}', 'true a'],
    ['{{add 1 2}} {{sub 1 2}} {{div 7 2}} {{mod 7 2}} {{mul 3 4}}', '3 -1 3 1 12'],
    ['{{seq 1 3}} {{seq 3 1}}', '[1 2 3] []'],
    ['{{atoi "42"}} {{parseBool "true"}}', '42 true'],
    ['{{base64Encode "hi"}} {{base64Decode "aGk="}}', 'aGk= hi'],
    ['{{$m := map "a" 1 "b" "x"}}{{$m.a}} {{$m.b}} {{$m.c}}', '1 x <no value>'],
    ['{{fileExists "/"}} {{fileExists "/nope"}}', 'true false'],
    ['{{printf "%05d|%q" 3 "s"}}', '00003|"s"'],
  ];
  const BUILTINS: [string, string][] = [
    ['{{.missing}}', '<no value>'],
    ['{{and 1 0}} {{or 0 ""}} {{not true}}', '0  false'],
    ['{{len "abc"}} {{slice "abcd" 1 3}}', '3 bc'],
    ['{{print 1 2 "a" "b"}} {{println "x"}}', '1 2ab x\n'],
    ['{{urlquery "a b&"}} {{html "<a>"}} {{js "\'x\'"}}', "a+b%26 &lt;a&gt; \\'x\\'"],
    ['{{eq 1 1}} {{ne "a" "b"}} {{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge 1 2}}', 'true true true true false false'],
  ];

  for (const [name, table] of [
    ['string, number and encoding helpers', HELPERS],
    ["Go's built-ins", BUILTINS],
  ] as const) {
    it(`has confd's ${name}`, async () => {
      const joined = (i: 0 | 1): string => table.map((row) => row[i]).join('|');
      expect(await render(joined(0))).toBe(joined(1));
    });
  }

  it('has datetime (time.Now) and lookupIP* (Go resolver; localhost from /etc/hosts)', async () => {
    const [year, v4] = (await render('{{(datetime).Year}}|{{lookupIPV4 "localhost"}}')).split('|');
    expect(Math.abs(Number(year) - new Date().getUTCFullYear())).toBeLessThanOrEqual(1); // time zones at New Year
    expect(v4).toBe('[127.0.0.1]');
  });
});

describe("the oracle reports template errors with Go's text", () => {
  it('gives an execution error, and no output, for getv of a missing key without a default', async () => {
    expect(await renderWithGo(request('x={{getv "/nope"}}\n', { '/a': '1' }))).toEqual({
      ok: false,
      error: 'template: t.tmpl:1:4: executing "t.tmpl" at <getv "/nope">: error calling getv: key does not exist: /nope',
    });
  });

  it('gives a parse error', async () => {
    expect(await renderWithGo(request('x={{getv "/nope"}\n'))).toEqual({
      ok: false,
      error: 'template: t.tmpl:1: unexpected "}" in operand',
    });
  });

  it("gives confd's own messages for map and a bad gets pattern (only once a key exists)", async () => {
    expect(await renderWithGo(request('{{map "a"}}'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/error calling map: invalid map call$/),
    });
    expect(await renderWithGo(request('{{gets "/a/["}}', { '/a/b': '1' }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/error calling gets: syntax error in pattern$/),
    });
    expect(await render('{{gets "/a/["}}')).toBe('[]');
  });

  it('rejects a malformed request as a thrown error, naming the problem', async () => {
    const bad = renderWithGo({ templates: {}, main: 'x.tmpl', keys: {} });
    await expect(bad).rejects.toThrow(/main template "x.tmpl" is not in/);
  });
});

describe('building the oracle', () => {
  it('throws at once when go is not on PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(buildGoOracle()).rejects.toThrow('go not found on PATH: apt-get install golang-go (or run .ci/run)');
    } finally {
      process.env.PATH = path;
    }
  });
});

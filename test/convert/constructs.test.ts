// Every construct of confd templates and every function confd or Go has, converted and rendered
// by confetti, against Go's own text/template with confd's functions (test/go-oracle).
import { beforeAll, describe, it } from 'vitest';
import { buildGoOracle } from '../support/go-oracle.js';
import { expectSameAsGo, type DiffCase } from './differential.js';

const KEYS: Record<string, string> = {
  '/key': 'foobar',
  '/num': '10',
  '/nine': '9',
  '/empty': '',
  '/flag': 'true',
  '/upstream/app1': '10.0.1.10:8080',
  '/upstream/app2': '10.0.1.11:8080',
  '/upstream/app10': '10.0.1.12:8080',
  '/services/web/port': '8080',
  '/services/web/hosts/a': '10.0.2.1',
  '/services/web/hosts/b': '10.0.2.2',
  '/services/db/port': '5432',
  '/json/obj': '{"name":"web","port":80,"big":1000000,"ratio":0.5,"tags":["a","b"],"nested":{"x":"y"},"on":true,"none":null}',
  '/json/list': '[{"host":"h1","port":1},{"host":"h2","port":2}]',
  '/json/strs': '["z","y","x"]',
  '/csv': 'a,b,,c',
  '/b64': 'dXNlcjpwYXNz',
  '/path/to/thing': 'v',
  '/secret': 's3cr3t',
};
const ENV = { HOSTNAME: 'host1', EMPTY: '' };

const CASES: Record<string, string> = {
  // text, comments, trim markers
  'plain text': 'just text\n  with lines\n',
  'trim markers': 'a  \n  {{- "b" -}}  \n  c\n{{- /* gone */ -}}\n d {{- getv "/key"}} e',
  'comments keep their lines': 'a\n{{/* a comment */}}\nb {{/* x */}} c\n',
  'trim at start and end': '{{- "x" }} \n {{ "y" -}}',
  'braces next to actions': 'map {\n{{- range gets "/upstream/*"}}\n  {{.Key}}: {{.Value}}\n{{- end}}\n}\n{"port": {{getv "/num"}}}\n',
  'backslashes next to actions': 'a\\{{getv "/key"}} b\\\\{{getv "/key"}} c\\',
  // if / else if / else
  'if else': '{{if exists "/key"}}yes{{else}}no{{end}}|{{if exists "/nope"}}yes{{else}}no{{end}}',
  'else if chains': '{{if eq (getv "/key") "x"}}x{{else if eq (getv "/key") "foobar"}}fb{{else if true}}t{{else}}e{{end}}',
  'block lines keep their whitespace':
    'start\n{{if true}}\n  inside\n{{end}}\n  {{if false}}\n  never\n  {{else}}\n  else\n  {{end}}\nend\n',
  'truth of values':
    '{{if ""}}1{{end}}{{if "0"}}2{{end}}{{if 0}}3{{end}}{{if 1}}4{{end}}{{if (json "{}")}}5{{end}}{{if (jsonArray "[]")}}6{{end}}{{if (split "a" ",")}}7{{end}}',
  // range
  'range over gets': '{{range gets "/upstream/*"}}server {{base .Key}} {{.Value}};\n{{end}}',
  'range with element variable': '{{range $s := lsdir "/services"}}{{$s}}={{getv (printf "/services/%s/port" $s)}} {{end}}',
  'range with index and element': '{{range $i, $v := split (getv "/csv") ","}}{{$i}}:{{$v}};{{end}}',
  'range else': '{{range gets "/nope/*"}}x{{else}}none{{end}}',
  'range over a map sorts its keys': '{{range $k, $v := json (getv "/json/obj")}}{{$k}}={{$v}} {{end}}',
  'range over JSON objects': '{{range jsonArray (getv "/json/list")}}{{.host}}:{{.port}} {{end}}',
  'nested ranges and dot': '{{range lsdir "/services"}}[{{.}}:{{range ls (printf "/services/%s" .)}}{{.}},{{end}}]{{end}}',
  'root variable inside range': '{{range $i, $e := split "a,b" ","}}{{$i}}{{$e}}{{len $}}{{end}}',
  // with
  'with and else': '{{with getv "/key"}}got {{.}}{{end}}|{{with getv "/empty"}}got{{else}}empty{{end}}',
  'with a JSON field': '{{with json (getv "/json/obj")}}{{.name}}:{{.port}}{{end}}',
  // variables
  'variables declared': '{{$a := getv "/key"}}{{$b := "lit"}}{{$a}}-{{$b}}',
  'variable scope ends with its block': '{{$x := "outer"}}{{if true}}{{$x := "inner"}}{{$x}}{{end}} {{$x}}',
  'variables assigned': '{{$first := true}}{{range split "a,b,c" ","}}{{if $first}}{{$first = false}}{{else}},{{end}}{{.}}{{end}}',
  'assignment inside a nested block reaches the outer variable': '{{$n := "none"}}{{range gets "/upstream/*"}}{{$n = .Value}}{{end}}{{$n}}',
  'variables named like helpers': '{{$first := "f"}}{{$default := "d"}}{{$json := "j"}}{{$first}}{{$default}}{{$json}}{{json "{}"}}',
  'variable fields': '{{$d := json (getv "/json/obj")}}{{$d.name}} {{$d.nested.x}} {{$d.port}}',
  // pipelines, sub-expressions, fields of sub-expressions
  pipelines: '{{getv "/key" | toUpper}} {{"/a/b/c" | base | printf "%s!"}} {{printf "/services/%s/port" "web" | getv}}',
  'sub-expressions': '{{base (dir "/a/b/c")}} {{join (split (getv "/csv") ",") "+"}}',
  'field of a sub-expression': '{{(json (getv "/json/obj")).name}} {{(json (getv "/json/obj")).nested.x}}',
  // literals
  'string literals': '{{"tab\\there"}} {{`raw \\n string`}} {{"quote\\"s"}} {{"\\u00e9\\x41"}} {{printf "%s" "back\\\\"}}',
  'number bool and char literals': "{{1}} {{-2}} {{0x1F}} {{1.5}} {{true}} {{false}} {{'a'}} {{1e3}}",
  // define / template
  'define and template': '{{define "item"}}<{{.}}>{{end}}{{range split "a,b" ","}}{{template "item" .}}{{end}}|{{template "item" "x"}}',
  '$ in a define is its context': '{{define "svc"}}{{$.name}}:{{.port}}{{end}}{{template "svc" (json (getv "/json/obj"))}}',
  '$ at the top is nil': '[{{$}}]{{if $}}x{{else}}nil{{end}}',
  'define keeps the surrounding text': 'a\n{{define "x"}}X{{end}}\nb{{template "x"}}\n',
  // Go printing quirks seen in real confd output
  'missing JSON field prints <no value>': '{{$d := json (getv "/json/obj")}}[{{$d.missing}}] [{{(json (getv "/json/obj")).nope}}]',
  'a key/value pair prints as {key value}': '{{range gets "/upstream/*"}}{{.}} {{end}}{{get "/key"}}',
  'JSON numbers print as Go floats': '{{$d := json (getv "/json/obj")}}{{$d.port}} {{$d.big}} {{$d.ratio}} {{$d.on}} {{$d.none}}',
  'lists and maps print as Go does': '{{split "a,b" ","}} {{json (getv "/json/obj")}} {{jsonArray (getv "/json/strs")}}',
  // confd's functions
  'getv with default': '{{getv "/nope" "dflt"}} {{getv "/key" "dflt"}} {{getv "/empty" "dflt"}}',
  'exists get getvs': '{{exists "/key"}} {{exists "/services"}} {{(get "/key").Value}} {{getvs "/upstream/*"}}',
  'ls and lsdir': '{{ls "/services"}} {{ls "/services/web"}} {{lsdir "/services"}} {{lsdir "/services/web"}} {{ls "/key"}}',
  getenv: '{{getenv "HOSTNAME"}} {{getenv "NOPE" "dflt"}} {{getenv "EMPTY" "dflt"}} [{{getenv "NOPE"}}]',
  strings:
    '{{toUpper "a"}} {{toLower "B"}} {{contains "haproxy" "prox"}} {{replace "a.b.c" "." "_" -1}} {{replace "a.b.c" "." "_" 1}} {{trimSuffix "a.com" ".com"}}',
  paths: '{{base "/a/b"}} {{dir "/a/b"}} {{base ""}} {{dir "a"}}',
  'split and join': '{{join (split "a b c" " ") ","}} {{len (split "" ",")}}',
  base64: '{{base64Decode (getv "/b64")}} {{base64Encode "user:pass"}}',
  math: '{{add 2 3}} {{sub 2 5}} {{mul 6 4}} {{div -7 2}} {{mod -7 3}} {{add (atoi "41") 1}} {{seq 1 3}}',
  'map parseBool reverse': '{{$m := map "a" 1 "b" "x"}}{{$m.a}}{{$m.b}} {{parseBool "T"}} {{reverse (split "a,b,c" ",")}}',
  'sortByLength and sortKVByLength':
    '{{sortByLength (split "ccc,a,bb" ",")}} {{range sortKVByLength (gets "/services/web/*")}}{{.Key}} {{end}}',
  'json and jsonArray': '{{(index (jsonArray (getv "/json/list")) 1).host}} {{len (json (getv "/json/obj")).tags}}',
  // Go's built-ins
  comparisons:
    '{{eq "a" "a"}} {{eq "a" "b" "a"}} {{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt "10" "9"}} {{ge "b" "a"}} {{gt (atoi (getv "/num")) 9}}',
  'and or not': '{{and 1 0}} {{and 1 "x"}} {{or 0 ""}} {{or 0 "y"}} {{not ""}} {{not "x"}}',
  'and stops at the deciding operand':
    '{{if and (exists "/nope") (eq (getv "/nope") "x")}}a{{else}}b{{end}} {{or (exists "/key") (getv "/nope")}}',
  'len index slice':
    '{{len "héllo"}} {{len (gets "/upstream/*")}} {{index (split "a,b,c" ",") 2}} {{index (json (getv "/json/obj")) "name"}} {{slice "foobar" 1 3}} {{slice (split "a,b,c" ",") 1}}',
  'print and println': '{{print 1 2 "a" "b" 3}}|{{println "a" 1}}|{{print}}',
  'html js urlquery': '{{html "<a href=\'x\'>&"}} {{js "it\'s \\"q\\" <b>"}} {{urlquery "a b&c=é"}}',
  'printf verbs':
    '{{printf "%05d|%-6s|%6.2f|%x|%X|%o|%b|%t|%c|%q|%v|%%|%e|%g" 42 "ab" 3.14159 255 255 8 5 true 65 "q" "v" 1234.5678 0.000012}}',
  'printf with store values': '{{printf "%s:%s" (getv "/key") (getv "/num")}} {{printf "%d" (atoi (getv "/num"))}}',
  // key visibility: keys outside the resource's keys are invisible
  'errors: a missing key': '{{getv "/nope"}}',
  'errors: a bad function argument': '{{atoi "x"}}',
};

const VISIBILITY: DiffCase = {
  template: '{{getv "/secret" "hidden"}} {{getv "/key"}} {{exists "/secret"}}',
  keys: KEYS,
  resourceKeys: ['/key'],
};

describe('converted templates render what Go renders', () => {
  beforeAll(async () => {
    await buildGoOracle();
  }, 300_000);

  it.each(Object.entries(CASES))('%s', async (_, template) => {
    await expectSameAsGo({ template, keys: KEYS, env: ENV });
  });

  it('keys outside the resource are invisible (getv falls back to its default)', async () => {
    await expectSameAsGo(VISIBILITY);
  });
});

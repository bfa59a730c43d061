// confd's own integration suite (test/fixtures/confd-suite): each resource must render byte-for-byte.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { joinKey, mergePrefixes, normalizeKey } from '../keys/prefix.js';
import { View } from '../mirror/view.js';
import { TemplateStore } from './template-store.js';

const SUITE = resolve(import.meta.dirname, '../../test/fixtures/confd-suite');

// The data confd's test scripts write, plus a sibling prefix that must never leak into /upstream output.
const DATA: [string, string][] = [
  ['/key', 'foobar'],
  ['/database/host', '127.0.0.1'],
  ['/database/password', 'p@sSw0rd'],
  ['/database/port', '3306'],
  ['/database/username', 'confd'],
  ['/upstream/app1', '10.0.1.10:8080'],
  ['/upstream/app2', '10.0.1.11:8080'],
  ['/prefix/upstream/app1', '10.0.1.10:8080'],
  ['/prefix/upstream/app2', '10.0.1.11:8080'],
  ['/upstreamx/app3', '10.0.9.9:8080'],
];

const CASES = [
  { resource: 'basic', expect: 'basic.conf' },
  { resource: 'exists', expect: 'exists-test.conf' },
  { resource: 'iteration', expect: 'iteration.conf' },
  { resource: 'manykeys', expect: 'basic.conf' },
  { resource: 'prefixed', expect: 'iteration.conf' },
];

interface ResourceFile {
  src: string;
  keys: string[];
  prefix?: string;
}

describe('confd integration suite', () => {
  const store = View.fromEntries(1n, DATA);

  for (const { resource, expect: expected } of CASES) {
    it(`renders ${resource} byte-for-byte to expect/${expected}`, async () => {
      const spec = parse(await readFile(join(SUITE, 'conf.d', `${resource}.yaml`), 'utf8')) as ResourceFile;
      const prefix = normalizeKey(spec.prefix ?? '/');
      const view = store.scope(mergePrefixes(spec.keys.map((k) => joinKey(prefix, k))), prefix);
      const template = await new TemplateStore().get(join(SUITE, 'templates', spec.src));
      const out = template.render(view, { env: { HOSTNAME: 'localhost' } });
      expect(Buffer.from(out)).toEqual(await readFile(join(SUITE, 'expect', expected)));
    });
  }

  it('the gets example from the issue renders each upstream server', async () => {
    const template = (await import('./compile.js')).compileTemplate(
      '{{#each (gets "/upstream/*")}}  server {{base key}} {{value}} check\n{{/each}}',
      'inline.hbs',
    );
    expect(template.render(store.scope(['/upstream', '/upstreamx']), { env: {} })).toBe(
      '  server app1 10.0.1.10:8080 check\n  server app2 10.0.1.11:8080 check\n',
    );
  });
});

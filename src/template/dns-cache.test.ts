import { describe, expect, it } from 'vitest';
import { compileTemplate } from './compile.js';
import { viewOf } from './test-support.js';
import { srvRecord } from '../dns/answers.js';
import { DnsCache } from '../dns/dns-cache.js';
import { MAX_RENDER_PASSES, renderResolving } from '../dns/render-passes.js';
import { RecordingLogger } from '../../test/support/recording-logger.js';
import { FakeResolver } from '../dns/test-support.js';

function setup(timeoutMs = 5_000) {
  const resolver = new FakeResolver();
  const logger = new RecordingLogger();
  const cache = new DnsCache({ resolver, logger, timeoutMs });
  const signal = new AbortController().signal;
  let passes = 0;
  const renderer = (source: string, owner = 'app') => {
    const template = compileTemplate(source, '/t/app.hbs');
    return async (): Promise<string> => {
      passes = 0;
      return renderResolving(
        (dns) => {
          passes++;
          return template.render(viewOf(), { env: {}, dns });
        },
        cache,
        owner,
        logger,
        signal,
      );
    };
  };
  return { resolver, logger, cache, signal, renderer, passes: () => passes };
}

const IPS = '{{join (lookupIP "web.test") ","}}';

describe('DNS answers around synchronous renders', () => {
  it('renders, looks up what the render asked, renders again with the answer; later renders use the cache', async () => {
    const t = setup();
    t.resolver.ips.set('web.test', ['10.0.0.2', '10.0.0.10']);
    const render = t.renderer(IPS);
    expect(await render()).toBe('10.0.0.10,10.0.0.2');
    expect(t.passes()).toBe(2);
    expect(await render()).toBe('10.0.0.10,10.0.0.2');
    expect(t.passes()).toBe(1);
    expect(t.resolver.asked).toEqual(['ip web.test']);
  });

  it("takes a third pass for lookups that depend on another answer (each SRV target's addresses)", async () => {
    const t = setup();
    t.resolver.srvs.set('_http._tcp.svc.test', [srvRecord('b.test', 80, 1, 1), srvRecord('a.test', 81, 1, 1)]);
    t.resolver.ips.set('a.test.', ['10.0.0.1']);
    t.resolver.ips.set('b.test.', ['10.0.0.2']);
    const render = t.renderer('{{#each (lookupSRV "http" "tcp" "svc.test")}}{{lookupIP target}}:{{port}} {{/each}}');
    expect(await render()).toBe('10.0.0.1:81 10.0.0.2:80 ');
    expect(t.passes()).toBe(3);
  });

  it('stops after MAX_RENDER_PASSES with empty lists, logs it, and the next refresh marks the resource stale', async () => {
    const t = setup();
    t.resolver.ips.set('a.test', ['b.test']);
    t.resolver.ips.set('b.test', ['c.test']);
    t.resolver.ips.set('c.test', ['10.0.0.4']);
    // Three lookups, each naming the next: the third is asked on pass 3, too late to be answered.
    const render = t.renderer('{{#each (lookupIP "a.test")}}{{#each (lookupIP this)}}[{{join (lookupIP this) ","}}]{{/each}}{{/each}}');
    expect(await render()).toBe('[]');
    expect(t.passes()).toBe(MAX_RENDER_PASSES);
    expect(t.logger.records).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ resource: 'app', names: ['c.test'] }) }),
    );
    expect(await t.cache.refresh(t.signal)).toEqual(['app']);
    expect(await render()).toBe('[10.0.0.4]');
  });

  it('an unknown name is an empty list (logged at debug, with the name and no values)', async () => {
    const t = setup();
    expect(await t.renderer('[{{join (lookupIP "nope.test") ","}}]')()).toBe('[]');
    expect(t.logger.records).toEqual([
      {
        level: 'debug',
        msg: 'dns: no such name or record',
        fields: expect.objectContaining({ kind: 'ip', name: 'nope.test', code: 'ENOTFOUND' }),
      },
    ]);
  });

  it('a lookup that times out renders an empty list after the timeout, logged as a warning', async () => {
    const t = setup(50);
    t.resolver.hang.add('slow.test');
    t.resolver.ips.set('web.test', ['10.0.0.2']);
    const started = Date.now();
    expect(await t.renderer('[{{join (lookupIP "slow.test") ","}}][{{join (lookupIP "web.test") ","}}]')()).toBe('[][10.0.0.2]');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(t.logger.records).toContainEqual({
      level: 'warn',
      msg: 'dns lookup failed, rendering an empty list',
      fields: expect.objectContaining({ name: 'slow.test', code: 'ETIMEOUT' }),
    });
  });

  it('refresh reports only the owners that read an answer which changed; an unchanged answer keeps its object', async () => {
    const t = setup();
    t.resolver.ips.set('web.test', ['10.0.0.2']);
    t.resolver.ips.set('db.test', ['10.0.1.1']);
    await t.renderer(IPS, 'web')();
    await t.renderer('{{join (lookupIP "db.test") ","}}', 'db')();
    expect(await t.cache.refresh(t.signal)).toEqual([]);
    t.resolver.ips.set('db.test', ['10.0.1.2']);
    expect(await t.cache.refresh(t.signal)).toEqual(['db']);
    expect(await t.renderer('{{join (lookupIP "db.test") ","}}', 'db')()).toBe('10.0.1.2');
    expect(t.cache.stale()).toEqual([]);
  });

  it('on refresh, a failed lookup keeps the previous answer while "no such name" empties it', async () => {
    const t = setup();
    t.resolver.ips.set('web.test', ['10.0.0.2']);
    const render = t.renderer(IPS);
    await render();
    t.resolver.fail.set('web.test', 'ESERVFAIL');
    expect(await t.cache.refresh(t.signal)).toEqual([]);
    expect(await render()).toBe('10.0.0.2');
    t.resolver.fail.delete('web.test');
    t.resolver.ips.delete('web.test');
    expect(await t.cache.refresh(t.signal)).toEqual(['app']);
    expect(await render()).toBe('');
  });

  it('forgets resources that are gone and the answers only they read', async () => {
    const t = setup();
    t.resolver.ips.set('web.test', ['10.0.0.2']);
    await t.renderer(IPS, 'old')();
    t.cache.retain(['other']);
    t.resolver.asked.length = 0;
    expect(await t.cache.refresh(t.signal)).toEqual([]);
    expect(t.resolver.asked).toEqual([]);
  });

  it('shares one lookup between concurrent askers of the same question', async () => {
    const t = setup();
    t.resolver.ips.set('web.test', ['10.0.0.2']);
    await Promise.all([t.renderer(IPS, 'a')(), t.renderer(IPS, 'b')()]);
    expect(t.resolver.asked).toEqual(['ip web.test']);
  });

  it('stops without storing anything when its signal aborts', async () => {
    const t = setup();
    t.resolver.hang.add('slow.test');
    const stop = new AbortController();
    const pending = t.cache.resolve([{ kind: 'ip', name: 'slow.test' }], stop.signal);
    stop.abort(new Error('stopping'));
    await expect(pending).rejects.toThrow('stopping');
    expect(t.cache.session().ip('slow.test')).toEqual([]);
    expect(t.cache.session().unanswered).toEqual([]);
  });
});

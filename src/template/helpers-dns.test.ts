import { describe, expect, it } from 'vitest';
import { srvRecord, sortAddresses, sortSrv } from '../dns/answers.js';
import type { DnsLookup } from '../dns/dns-lookup.js';
import { render, renderFailure } from './test-support.js';

const DNS: DnsLookup = {
  ip: (name) => (name === 'web.test' ? sortAddresses(['10.0.0.2', 'fd00::1', '10.0.0.10']) : []),
  srv: (service, proto, name) =>
    service === 'http' && proto === 'tcp' && name === 'svc.test'
      ? sortSrv([srvRecord('b.test', 80, 10, 5), srvRecord('a.test', 8080, 20, 1)])
      : [],
};
const withDns = (source: string): string => render(source, {}, { dns: DNS });

describe('DNS helpers', () => {
  it('lookupIP lists every address; lookupIPV4 / lookupIPV6 keep one family', () => {
    expect(withDns('{{join (lookupIP "web.test") ","}}')).toBe('10.0.0.10,10.0.0.2,fd00::1');
    expect(withDns('{{join (lookupIPV4 "web.test") ","}}')).toBe('10.0.0.10,10.0.0.2');
    expect(withDns('{{join (lookupIPV6 "web.test") ","}}')).toBe('fd00::1');
  });

  it("lookupSRV records read by lowercase fields, and by Go's field names under strict lookups", () => {
    expect(withDns('{{#each (lookupSRV "http" "tcp" "svc.test")}}{{target}}:{{port}} {{priority}} {{weight}};{{/each}}')).toBe(
      'a.test.:8080 20 1;b.test.:80 10 5;',
    );
    expect(withDns('{{#each (lookupSRV "http" "tcp" "svc.test")}}{{this.Target}}:{{Port}} {{Priority}} {{Weight}};{{/each}}')).toBe(
      'a.test.:8080 20 1;b.test.:80 10 5;',
    );
    // Objects iterate in Go's map order (sorted keys); the Go field names are not enumerable.
    expect(withDns('{{#with (lookupSRV "http" "tcp" "svc.test")}}{{#each this.[0]}}{{@key}},{{/each}}{{/with}}')).toBe(
      'port,priority,target,weight,',
    );
  });

  it('an unknown name is an empty list; so is every lookup of a render without a resolver', () => {
    expect(withDns('[{{#each (lookupIP "nope.test")}}x{{/each}}][{{#each (lookupSRV "x" "tcp" "svc.test")}}x{{/each}}]')).toBe('[][]');
    expect(render('[{{join (lookupIP "web.test") ","}}][{{#each (lookupSRV "http" "tcp" "svc.test")}}x{{/each}}]')).toBe('[][]');
  });

  it('names the template and line for a wrong argument count or a non-string name', () => {
    expect(renderFailure('\n{{lookupSRV "http" "svc.test"}}')).toMatchObject({ code: 'HELPER_ARGS', line: 2 });
    expect(renderFailure('{{lookupIP (split "a" ",")}}', {}, { dns: DNS }).message).toMatch(/lookupIP: name must be a string/);
    expect(renderFailure('{{lookupIP (split "a" ",")}}').message).toMatch(/test\.conf\.hbs:1:\d+: lookupIP: name must be a string/);
  });
});

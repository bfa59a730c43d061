// confd's DNS functions. Helpers are synchronous: they read the answers the render was given (render-state `dns`);
// looking up what was missing and rendering again is the caller's job (dns/render-passes.ts).
import type { DnsLookup } from '../dns/dns-lookup.js';
import type { HelperSet } from './helper-context.js';
import { str } from './helper-context.js';

const NONE: readonly never[] = Object.freeze([]);

// Without a resolver (a render outside the CLI) every lookup is confd's error case: an empty list.
function ips(dns: DnsLookup | undefined, name: unknown): readonly string[] {
  const text = str(name, 'name');
  return dns?.ip(text) ?? NONE;
}

export const DNS_HELPERS: HelperSet = {
  lookupIP: { arity: [1, 1], pure: false, fn: ({ state }, name) => ips(state.dns, name) },
  // confd tells the families apart by the text: "." in IPv4, ":" in IPv6.
  lookupIPV4: { arity: [1, 1], pure: false, fn: ({ state }, name) => ips(state.dns, name).filter((ip) => ip.includes('.')) },
  lookupIPV6: { arity: [1, 1], pure: false, fn: ({ state }, name) => ips(state.dns, name).filter((ip) => ip.includes(':')) },
  lookupSRV: {
    arity: [3, 3],
    pure: false,
    fn: ({ state }, service, proto, name) => {
      const args = [str(service, 'service'), str(proto, 'proto'), str(name, 'name')] as const;
      return state.dns?.srv(...args) ?? NONE;
    },
  },
};

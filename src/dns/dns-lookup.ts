// The seam between DNS and the template: what a render reads (DnsSession implements it, the DNS helpers call it).
import type { SrvRecord } from './answers.js';

/** The answers a render reads; one not known yet is an empty list (and is recorded, to be looked up). */
export interface DnsLookup {
  /** Addresses sorted as confd sorts them (Go's sort.Strings). */
  ip(name: string): readonly string[];
  /** SRV records sorted as confd sorts them. */
  srv(service: string, proto: string, name: string): readonly SrvRecord[];
}

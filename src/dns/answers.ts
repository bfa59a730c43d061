// Answers in confd's shape and order: addresses as Go prints them sorted with sort.Strings, SRV records sorted by
// fmt.Sprintf("%s%d%d%d", Target, Port, Priority, Weight).

/** An SRV record: lowercase fields for Handlebars, and Go's field names (non-enumerable) for converted confd templates. */
export interface SrvRecord {
  readonly target: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
  readonly Target: string;
  readonly Port: number;
  readonly Priority: number;
  readonly Weight: number;
}

export type DnsAnswer = readonly string[] | readonly SrvRecord[];

// Go's byte-wise string order; JavaScript's default sort compares UTF-16 units, the same for ASCII addresses and names.
const byBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Go prints an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as plain IPv4. */
function goIpString(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? (mapped[1] as string) : address.toLowerCase();
}

/** Addresses as lookupIP returns them: Go's text form, without duplicates, sorted; frozen (shared across renders). */
export function sortAddresses(addresses: Iterable<string>): readonly string[] {
  return Object.freeze([...new Set([...addresses].map(goIpString))].sort(byBytes));
}

/** Go's net.LookupSRV gives absolute names (trailing dot); c-ares gives them without. */
export function srvRecord(target: string, port: number, priority: number, weight: number): SrvRecord {
  const absolute = target.endsWith('.') ? target : `${target}.`;
  const record = { target: absolute, port, priority, weight };
  const hidden = { enumerable: false, writable: false, configurable: false } as const;
  Object.defineProperties(record, {
    Target: { ...hidden, value: absolute },
    Port: { ...hidden, value: port },
    Priority: { ...hidden, value: priority },
    Weight: { ...hidden, value: weight },
  });
  return Object.freeze(record) as SrvRecord;
}

const srvSortKey = (r: SrvRecord): string => `${r.target}${r.port}${r.priority}${r.weight}`;

/** Records in confd's order (a string comparison: port 10 sorts before port 9 on the same target). */
export function sortSrv(records: Iterable<SrvRecord>): readonly SrvRecord[] {
  return Object.freeze(
    [...records]
      .map((r) => ({ r, k: srvSortKey(r) }))
      .sort((a, b) => byBytes(a.k, b.k))
      .map((x) => x.r),
  );
}

/** Same records in the same order (answers are compared on refresh; an unchanged one keeps its object). */
export function sameAnswer(a: DnsAnswer, b: DnsAnswer): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    return typeof x === 'string' ? x === y : typeof y === 'object' && srvSortKey(x) === srvSortKey(y);
  });
}

// A DNS question a template asked: lookupIP's name, or lookupSRV's service, proto and name.

export type DnsQuestion =
  | { readonly kind: 'ip'; readonly name: string }
  | { readonly kind: 'srv'; readonly service: string; readonly proto: string; readonly name: string };

/** The name actually queried: net.LookupSRV asks for _service._proto.name, or name itself when both are empty. */
export function queriedName(q: DnsQuestion): string {
  if (q.kind === 'ip' || (q.service === '' && q.proto === '')) return q.name;
  return `_${q.service}._${q.proto}.${q.name}`;
}

/** One string per distinct question, for maps (names cannot contain a space, so the kinds never collide). */
export function questionKey(q: DnsQuestion): string {
  return `${q.kind} ${queriedName(q)}`;
}

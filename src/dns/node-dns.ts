// Node's resolver, behind a module of our own so the bundle can load it on first use (system-resolver.ts).
export { lookup, Resolver } from 'node:dns/promises';

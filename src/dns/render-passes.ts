// Handlebars helpers are synchronous: a render that asked for answers not cached yet gets empty lists, then the
// answers are looked up and the template rendered again. A lookup that depends on another (lookupIP of each SRV
// target) needs one more pass; nesting deeper than that renders empty lists until the next refresh.
import type { Logger } from '../log/logger.js';
import type { DnsLookup } from './dns-lookup.js';
import type { DnsCache } from './dns-cache.js';
import { queriedName } from './question.js';

export const MAX_RENDER_PASSES = 3;

/** Render with `cache`'s answers, resolving what the render asked for and rendering again (at most MAX_RENDER_PASSES). */
export async function renderResolving<T>(
  render: (dns: DnsLookup) => T,
  cache: DnsCache,
  owner: string,
  logger: Logger,
  signal: AbortSignal,
): Promise<T> {
  for (let pass = 1; ; pass++) {
    const session = cache.session();
    const out = render(session);
    const unanswered = session.unanswered;
    if (unanswered.length === 0 || pass === MAX_RENDER_PASSES) {
      cache.remember(owner, session);
      if (unanswered.length > 0) {
        logger.warn('dns lookups nested too deep, rendered as empty lists until the next refresh', {
          resource: owner,
          passes: pass,
          names: unanswered.map(queriedName),
        });
      }
      return out;
    }
    await cache.resolve(unanswered, signal);
  }
}

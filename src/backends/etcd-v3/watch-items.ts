// Watch events → WatchItems: one Change per mod_revision (a txn is never split), filtered to the wanted prefixes.
import type { Change, KeyEvent, Progress } from '../../keys/change.js';
import type { WatchEvent } from './watch-stream.js';

/**
 * etcd never splits one revision's events across watch responses (without `fragment`), so each response maps
 * to complete Changes. Revisions with nothing wanted (a busy sibling) become one trailing Progress.
 * An empty response is a progress notification: everything up to its header revision was sent.
 */
export function toItems(events: WatchEvent[], headerRevision: bigint, wanted: (key: string) => boolean): Array<Change | Progress> {
  if (events.length === 0) return headerRevision > 0n ? [{ type: 'progress', revision: headerRevision }] : [];
  const items: Array<Change | Progress> = [];
  let skipped: bigint | undefined;
  for (const e of events) {
    if (!wanted(e.key)) {
      skipped = e.modRevision;
      continue;
    }
    const event: KeyEvent =
      e.type === 'delete'
        ? { type: 'delete', key: e.key }
        : { type: 'put', key: e.key, value: e.value, ...(e.invalidUtf8 ? { invalidUtf8: true as const } : {}) };
    const last = items.at(-1);
    if (last?.type === 'change' && last.revision === e.modRevision) last.events.push(event);
    else items.push({ type: 'change', revision: e.modRevision, events: [event] });
  }
  const lastRevision = items.at(-1)?.revision ?? 0n;
  if (skipped !== undefined && skipped > lastRevision) items.push({ type: 'progress', revision: skipped });
  return items;
}

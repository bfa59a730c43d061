// A run killed mid-write (kill -9, OOM, power loss) may have left stage files next to our destinations.
import type { Resource } from '../config/resource.js';
import type { Logger } from '../log/logger.js';
import { cleanStaleStagesOf } from '../output/stale-stage.js';

/** One directory listing per destination directory, however many resources write there. */
export async function cleanStages(resources: readonly Resource[], logger: Logger): Promise<void> {
  const removed = await cleanStaleStagesOf(resources.map((r) => r.dest));
  for (const r of resources) {
    const files = removed.get(r.dest);
    if (files !== undefined && files.length > 0) logger.info('removed stale stage files', { resource: r.name, files });
  }
}

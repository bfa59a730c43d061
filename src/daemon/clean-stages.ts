// A run killed mid-write (kill -9, OOM, power loss) may have left stage files next to our destinations.
import type { Resource } from '../config/resource.js';
import type { Logger } from '../log/logger.js';
import { cleanStaleStageFiles } from '../output/index.js';

export async function cleanStages(resources: readonly Resource[], logger: Logger): Promise<void> {
  for (const r of resources) {
    const removed = await cleanStaleStageFiles(r.dest).catch(() => []);
    if (removed.length > 0) logger.info('removed stale stage files', { resource: r.name, files: removed });
  }
}

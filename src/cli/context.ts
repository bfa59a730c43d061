// Settings, logger and resources for a command: the wiring every command shares.
import { loadResources, loadSettings, type ResourceProblem } from '../config/index.js';
import type { Resource } from '../config/resource.js';
import type { Settings } from '../config/settings.js';
import { createLogger, type Logger } from '../log/logger.js';

export interface CommandContext {
  settings: Settings;
  logger: Logger;
  resources: Resource[];
  problems: ResourceProblem[];
}

export async function loadContext(flags: Record<string, unknown>): Promise<CommandContext> {
  const settings = await loadSettings({ flags, env: process.env });
  const logger = createLogger({ level: settings.logLevel, format: settings.logFormat });
  if (settings.config) logger.debug('settings file read', { file: settings.config });
  for (const w of settings.warnings) logger.warn(w);
  if (settings.insecureSkipTlsVerify) logger.warn('TLS verification of etcd is disabled (--insecure-skip-tls-verify)');
  const { resources, problems, warnings } = await loadResources(settings);
  for (const w of warnings) logger.warn(w);
  return { settings, logger, resources, problems };
}

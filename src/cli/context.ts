// Settings, logger and resources for a command: the wiring every command shares, and the one loader of them.
import { loadResources, type ResourceProblem } from '../config/load-resources.js';
import { loadSettings } from '../config/load-settings.js';
import type { Resource } from '../config/resource.js';
import type { Settings } from '../config/settings.js';
import type { ConfigLoader } from '../daemon/config-reloader.js';
import { createLogger, type Logger } from '../log/logger.js';

export interface CommandContext {
  settings: Settings;
  logger: Logger;
  resources: Resource[];
  problems: ResourceProblem[];
}

/** Reads settings (flags > CONFETTI_* > settings file > defaults) and then resource files; SIGHUP reads through it again. */
export function configLoader(flags: Record<string, unknown>): ConfigLoader {
  return {
    settings: () => loadSettings({ flags, env: process.env }),
    resources: async (settings) => {
      const loaded = await loadResources(settings);
      return { settings, resources: loaded.resources, problems: loaded.problems, warnings: [...settings.warnings, ...loaded.warnings] };
    },
  };
}

export async function loadContext(flags: Record<string, unknown>): Promise<CommandContext> {
  const load = configLoader(flags);
  const settings = await load.settings();
  const logger = createLogger({ level: settings.logLevel, format: settings.logFormat });
  if (settings.config) logger.debug('settings file read', { file: settings.config });
  if (settings.insecureSkipTlsVerify) logger.warn('TLS verification of etcd is disabled (--insecure-skip-tls-verify)');
  const { resources, problems, warnings } = await load.resources(settings);
  for (const w of warnings) logger.warn(w);
  return { settings, logger, resources, problems };
}

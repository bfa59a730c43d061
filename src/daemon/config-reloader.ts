// SIGHUP and live reload: re-read settings, resource files and templates, and hand the daemon only what changed.
// A broken edit is reported and the running version of that resource or template stays.
import type { ResourceProblem } from '../config/load-resources.js';
import { describeProblem } from '../config/problems.js';
import type { Resource } from '../config/resource.js';
import type { Settings } from '../config/settings.js';
import { fileKey, SETTING_NAMES, settingSpec } from '../config/settings-table.js';
import type { SettingName } from '../config/settings-table.js';
import { describeError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { DaemonControl } from './control.js';
import type { UnloadedResource } from './observer.js';
import type { DaemonObserver } from './observer.js';
import type { PipelineOptions } from './render-resource.js';
import type { TemplateStore } from '../template/template-store.js';

export interface LoadedConfig {
  settings: Settings;
  resources: Resource[];
  problems: ResourceProblem[];
  warnings: string[];
}

/** Reads the configuration afresh, in two steps so a reload can keep the running value of restart-only settings. */
export interface ConfigLoader {
  /** Throws when the settings themselves are invalid. */
  settings(this: void): Promise<Settings>;
  /** Resource files under `settings` (problems are per file, not thrown); `warnings` include the settings'. */
  resources(this: void, settings: Settings): Promise<LoadedConfig>;
}

export interface ConfigReloaderOptions {
  load: ConfigLoader;
  control: DaemonControl;
  templates: TemplateStore;
  logger: Logger;
  settings: Settings;
  resources: readonly Resource[];
  /** Told which resource files and templates failed to load (/status shows it). */
  observer?: DaemonObserver | undefined;
  /** Settings that apply live (log level and format) after a successful reload. */
  onSettings?(this: void, settings: Settings): void;
}

export interface ReloadSummary {
  resources: string[];
  changed: string[];
  removed: string[];
  rejected: string[];
}

/** Settings the running process took once at start (backend, exec mode, ops server…): `reload: 'restart'` in the table. */
export const RESTART_SETTINGS: readonly SettingName[] = SETTING_NAMES.filter((name) => settingSpec(name).reload === 'restart');

/** `next` with every restart-only setting back at its running value, and the names of those that differ. */
export function keepRestartSettings(next: Settings, running: Settings): { settings: Settings; needRestart: SettingName[] } {
  const needRestart = RESTART_SETTINGS.filter((name) => JSON.stringify(next[name]) !== JSON.stringify(running[name]));
  return { settings: { ...next, ...Object.fromEntries(needRestart.map((name) => [name, running[name]])) }, needRestart };
}

export function pipelineOptions(settings: Settings): PipelineOptions {
  return {
    syncOnly: settings.syncOnly,
    keepStageFile: settings.keepStageFile,
    dryRun: false,
    maxOutputSize: settings.maxOutputSize,
    renderTimeoutMs: settings.renderTimeout,
  };
}

export class ConfigReloader {
  readonly #opts: ConfigReloaderOptions;
  #settings: Settings;
  #resources: readonly Resource[];
  #chain: Promise<unknown> = Promise.resolve();

  constructor(opts: ConfigReloaderOptions) {
    this.#opts = opts;
    this.#settings = opts.settings;
    this.#resources = opts.resources;
  }

  get resources(): readonly Resource[] {
    return this.#resources;
  }

  /** Reloads run one at a time, in order; resolves with what changed, or undefined when the reload was rejected. */
  reload(reason: string): Promise<ReloadSummary | undefined> {
    const run = this.#chain.then(() => this.#reload(reason));
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #reload(reason: string): Promise<ReloadSummary | undefined> {
    const { logger, templates } = this.#opts;
    let loaded: LoadedConfig;
    let needRestart: SettingName[];
    try {
      // Resources load under the running confdir (and every other restart-only value), not half under the new one.
      const kept = keepRestartSettings(await this.#opts.load.settings(), this.#settings);
      needRestart = kept.needRestart;
      loaded = await this.#opts.load.resources(kept.settings);
    } catch (error) {
      logger.error('reload rejected; the running configuration stays', { reason, error: describeError(error) });
      return undefined;
    }
    const { settings } = loaded;
    for (const name of needRestart) logger.warn('setting changed that needs a restart; not applied', { reason, setting: fileKey(name) });
    for (const w of loaded.warnings) logger.warn(w);

    const { resources, rejected, unloaded } = this.#keepOldOnProblems(loaded);
    const problems = new Map(loaded.problems.map((p) => [p.file, describeProblem(p.error).split('\n')[0] ?? '']));
    const updatedTemplates = new Set<string>();
    for (const src of new Set(resources.map((r) => r.src))) {
      const result = await templates.refresh(src);
      if (result.status === 'updated') updatedTemplates.add(result.file);
      if (result.status === 'broken') {
        const msg = result.kept ? 'template invalid; the running version stays' : 'template invalid';
        logger.error(msg, { reason, file: result.file, error: describeError(result.error) });
        rejected.push(result.file);
        problems.set(result.file, `${msg}: ${describeError(result.error).split('\n')[0] ?? ''}`);
      }
    }
    this.#opts.observer?.onConfigProblems?.(problems);
    const old = new Map(this.#resources.map((r) => [r.name, r]));
    const changed = resources.filter((r) => {
      const before = old.get(r.name);
      return before === undefined || JSON.stringify(before) !== JSON.stringify(r) || updatedTemplates.has(r.src);
    });
    const names = new Set(resources.map((r) => r.name));
    const removed = this.#resources.filter((r) => !names.has(r.name));
    for (const r of removed) logger.info('resource removed; its file is left in place', { resource: r.name, dest: r.dest });
    templates.retain(resources.map((r) => r.src));

    this.#settings = settings;
    this.#resources = resources;
    this.#opts.onSettings?.(this.#settings);
    this.#opts.control.update({
      resources,
      changed: new Set(changed.map((r) => r.name)),
      defaultWait: settings.wait,
      options: pipelineOptions(settings),
      unloaded,
    });
    const summary = {
      resources: resources.map((r) => r.name),
      changed: changed.map((r) => r.name),
      removed: removed.map((r) => r.name),
      rejected,
    };
    logger.info('configuration reloaded', { reason, ...summary });
    return summary;
  }

  // A resource file that no longer parses keeps its running version until it is fixed.
  #keepOldOnProblems(loaded: LoadedConfig): { resources: Resource[]; rejected: string[]; unloaded: UnloadedResource[] } {
    const resources = [...loaded.resources];
    const rejected: string[] = [];
    const unloaded: UnloadedResource[] = [];
    for (const p of loaded.problems) {
      const running = this.#resources.find((r) => r.file === p.file);
      const clash = running && resources.some((r) => r.name === running.name || r.dest === running.dest);
      const keep = running !== undefined && !clash;
      if (keep) resources.push(running);
      else unloaded.push({ file: p.file, error: describeProblem(p.error) });
      rejected.push(p.file);
      this.#opts.logger.error(keep ? 'resource file invalid; the running version stays' : 'resource file invalid; skipped', {
        file: p.file,
        error: describeProblem(p.error),
      });
    }
    resources.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { resources, rejected, unloaded };
  }
}

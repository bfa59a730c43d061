// `confetti watch`: keep every destination equal to render(current keys) until stopped.
import { Command } from 'commander';
import { createKeySource } from '../backends/create-key-source.js';
import { describeProblem } from '../config/index.js';
import { startWatchHooks } from '../daemon/exec-mode.js';
import { runWatchDaemon } from '../daemon/watch-daemon.js';
import { describeError } from '../errors.js';
import { TemplateCache } from '../template/index.js';
import { loadContext } from './context.js';
import { addCommonOptions, addEtcdOptions, addExecOptions, addOutputOptions, givenOptions } from './options.js';
import { abortOnSignals } from './signals.js';

export function createWatchCommand(): Command {
  const cmd = new Command('watch').description('follow the store and re-render resources whenever their keys change');
  addCommonOptions(cmd);
  addEtcdOptions(cmd);
  addOutputOptions(cmd);
  addExecOptions(cmd);
  cmd
    .option('--wait <min[:max]>', 'default quiescence: render once no change came for min, at most max after the first (default: none; max = 4×min)')
    .option('--interval <duration>', 'poll the store on this period instead of watching it')
    .action(async () => {
      const { settings, logger, resources, problems } = await loadContext(givenOptions(cmd));
      for (const p of problems) logger.error('resource skipped', { file: p.file, error: describeProblem(p.error) });
      const source = createKeySource(settings, {
        env: process.env,
        onEvent: (e) => logger.info(`backend ${e.type}`, { backend: settings.backend, endpoint: e.endpoint, error: e.error === undefined ? undefined : describeError(e.error) }),
        onError: (error) => logger.error('backend error', { backend: settings.backend, error: describeError(error) }),
      });
      const { signal, force, dispose } = abortOnSignals();
      signal.addEventListener('abort', () => logger.info('stopping: finishing the cycle in flight'), { once: true });
      const hooks = startWatchHooks(settings, logger);
      try {
        logger.info('watching', { backend: source.name, resources: resources.length });
        await runWatchDaemon(
          {
            resources,
            source,
            logger,
            defaultWait: settings.wait,
            intervalMs: settings.intervalMs,
            deps: {
              templates: new TemplateCache(),
              env: process.env,
              logger,
              options: { syncOnly: settings.syncOnly, keepStageFile: settings.keepStageFile, dryRun: false, maxOutputSize: settings.maxOutputSize },
            },
            onReady: () => {
              logger.info('every resource rendered', { resources: resources.length });
              hooks.onReady();
            },
            onCycle: (cycle) => hooks.onCycle(cycle),
          },
          { stop: hooks.stop(signal), force },
        );
      } finally {
        dispose();
        await source.close();
        await hooks.finish();
      }
    });
  return cmd;
}

// The body of `confetti watch`, loaded only when that command runs.
import { createKeySource } from '../backends/create-key-source.js';
import { backendOptionsOf } from './backend-options.js';
import { describeProblem } from '../config/problems.js';
import { pipelineOptions } from '../daemon/config-reloader.js';
import { startLiveReload } from '../daemon/live-reload.js';
import { runWatchDaemon } from '../daemon/watch-daemon.js';
import type { Settings } from '../config/settings.js';
import { ConfigError, describeError } from '../errors.js';
import { DnsCache } from '../dns/dns-cache.js';
import { createSystemResolver } from '../dns/system-resolver.js';
import { logBackendEvents } from '../log/backend-log.js';
import { setLogFormat, setLogLevel } from '../log/logger.js';
import { combineObservers } from '../ops/observers.js';
import { startOperations } from '../ops/operations.js';
import { configLoader, loadContext } from './context.js';
import { setHeapFlags } from './heap-flags.js';
import { abortOnSignals, explainAbort, handleSignals } from './signals.js';
import { startWatchHooks } from './watch-hooks.js';

// The reload signal goes to exec mode's child; without one it would be silently ignored and nothing reloaded.
// An error rather than a warning: a sidecar that never reloads looks healthy until the config drifts.
function checkExecSettings(settings: Settings): void {
  if (settings.reloadSignal === undefined || settings.exec !== undefined) return;
  throw new ConfigError(
    'CONFIG_CONFLICT',
    `--reload-signal ${settings.reloadSignal} (or reload_signal, CONFETTI_RELOAD_SIGNAL) is only for exec mode, and --exec is not set: give --exec, or reload with the resource's reload_cmd`,
    { key: '--reload-signal' },
  );
}

export async function runWatch(flags: Record<string, unknown>): Promise<void> {
  // A daemon's RSS over a one-shot's speed (dist/confetti.js's loader sets them before compiling, too).
  setHeapFlags();
  const { settings, logger, resources, problems } = await loadContext(flags);
  checkExecSettings(settings);
  for (const p of problems) logger.error('resource skipped', { file: p.file, error: describeProblem(p.error) });
  const ops = await startOperations({ settings, logger, templateHash: (file) => live.templates.hashOf(file) });
  const liveStop = new AbortController();
  const live = startLiveReload({
    settings,
    resources,
    logger,
    observer: ops.observer,
    signal: liveStop.signal,
    load: configLoader(flags),
    onSettings: (s) => {
      setLogLevel(logger, s.logLevel);
      setLogFormat(logger, s.logFormat);
    },
  });
  const disposeReload = handleSignals({
    SIGHUP: () => void live.reloader.reload('SIGHUP'),
    SIGUSR1: () => {
      logger.info('re-rendering every resource', { reason: 'SIGUSR1' });
      live.control.renderAll();
    },
  });
  const logBackend = logBackendEvents(logger, settings.backend);
  const source = await createKeySource(backendOptionsOf(settings), {
    env: process.env,
    onEvent: (e) => {
      logBackend(e);
      ops.onBackendEvent(e);
    },
    onError: (error) => logger.error('backend error', { backend: settings.backend, error: describeError(error) }),
  });
  const signals = abortOnSignals({
    stop: 'stopping after the cycle in flight',
    force: 'the cycle in flight was cancelled, its commands killed; files not yet written were left as they were',
  });
  const { signal, force, dispose } = signals;
  signal.addEventListener('abort', () => logger.info('stopping: finishing the cycle in flight'), { once: true });
  const hooks = startWatchHooks({ ...settings, killTimeoutMs: settings.killTimeout }, logger);
  try {
    logger.info('watching', { backend: source.name, resources: resources.length });
    await runWatchDaemon(
      {
        resources,
        source,
        logger,
        defaultWait: settings.wait,
        intervalMs: settings.interval,
        dnsRefreshMs: settings.dnsRefresh,
        deps: {
          templates: live.templates,
          env: process.env,
          logger,
          options: pipelineOptions(settings),
          dns: new DnsCache({ resolver: createSystemResolver(), logger, timeoutMs: settings.dnsTimeout }),
          failing: new Set(),
        },
        observer: combineObservers(ops.observer, hooks.observer),
        unloaded: problems.map((p) => ({ file: p.file, error: describeProblem(p.error) })),
        control: live.control,
      },
      { stop: hooks.stop(signal), force },
    );
  } catch (error) {
    throw explainAbort(error, signals);
  } finally {
    disposeReload();
    liveStop.abort();
    dispose();
    await source.close();
    await hooks.finish();
    await ops.close();
  }
}

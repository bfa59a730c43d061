// systemd readiness (Type=notify). $NOTIFY_SOCKET is a unix DATAGRAM socket and Node's dgram has no unix support,
// so we hand the message to systemd-notify(1). It waits for systemd to take the message (BARRIER=1), avoiding the
// race where PID 1 cannot attribute a message from an exited sender; the unit needs NotifyAccess=all when not root.
import { describeError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { loadExeca } from './load-execa.js';

export interface NotifyOptions {
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** STATUS= line shown by `systemctl status`. */
  status?: string;
  /** Main PID to report (default: this process). */
  pid?: number;
  /** systemd-notify binary (tests). */
  bin?: string;
}

/** Sends READY=1 when systemd asked for it ($NOTIFY_SOCKET); resolves false when not asked or not delivered. Never throws. */
export async function notifyReady(opts: NotifyOptions): Promise<boolean> {
  const socket = opts.env.NOTIFY_SOCKET;
  if (socket === undefined || socket === '') return false;
  const args = ['--ready', `--pid=${opts.pid ?? process.pid}`, ...(opts.status === undefined ? [] : [`--status=${opts.status}`])];
  const bin = opts.bin ?? 'systemd-notify';
  try {
    const { execa } = await loadExeca();
    // No shell and only NOTIFY_SOCKET in its environment; killed after 5 s (systemd not answering the barrier).
    const result = await execa(bin, args, {
      env: { NOTIFY_SOCKET: socket },
      extendEnv: false,
      timeout: 5_000,
      reject: false,
      stdin: 'ignore',
      all: true,
    });
    if (result.exitCode === 0) {
      opts.logger.info('told systemd we are ready', { socket });
      return true;
    }
    if (result.exitCode === undefined && !result.timedOut) {
      // Never started (ENOENT, EACCES): execa reports it in the result instead of throwing.
      opts.logger.warn('could not run systemd-notify', { command: bin, error: result.originalMessage ?? result.shortMessage });
      return false;
    }
    opts.logger.warn('systemd-notify failed; systemd will not see READY=1', {
      command: bin,
      socket,
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      output: (result.all ?? '').slice(-500),
    });
  } catch (error) {
    opts.logger.warn('could not run systemd-notify', { command: bin, error: describeError(error) });
  }
  return false;
}

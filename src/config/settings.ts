// Settings after precedence (flags > CONFETTI_* env > config file > defaults) and normalisation.
import type { ListenAddress } from './listen.js';
import type { WaitWindow } from './resource.js';

export const BACKENDS = ['etcd', 'etcdv2', 'file', 'env'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Settings {
  /** Config file actually read, if any. */
  configFile: string | undefined;
  /** Holds conf.d/ and templates/. */
  confdir: string;
  backend: BackendName;
  /** file backend: files or directories of YAML/JSON. */
  files: string[];
  /** Global key prefix, prepended to every resource's prefix (confd -prefix). "/" when none. */
  prefix: string;
  /** etcd endpoints, e.g. http://127.0.0.1:2379. */
  endpoints: string[];
  cacert: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  /** "name:password" or "name" with passwordFile. */
  user: string | undefined;
  passwordFile: string | undefined;
  insecureSkipTlsVerify: boolean;
  dialTimeoutMs: number;
  requestTimeoutMs: number;
  logLevel: LogLevel;
  logFormat: 'text' | 'json';
  /** Write files, run no check/reload commands. */
  syncOnly: boolean;
  keepStageFile: boolean;
  /** Default quiescence window for resources without `wait`. */
  wait: WaitWindow | undefined;
  /** Poll the store on this period instead of watching. */
  intervalMs: number | undefined;
  /** One-shot: retry the first snapshot this long before failing. */
  waitForDataMs: number | undefined;
  /** Refuse renders larger than this many bytes. */
  maxOutputSize: number;
  /** Abandon a render (a runaway loop) after this long. */
  renderTimeoutMs: number;
  /** Limit for one DNS lookup of lookupIP/lookupSRV; a timeout renders an empty list. */
  dnsTimeoutMs: number;
  /** Watch mode: look up every name templates used again on this period; re-render what changed. */
  dnsRefreshMs: number;
  /** Exec mode: child command started after the first render (watch --exec). */
  exec: string | undefined;
  /** Exec mode: signal sent on each changed render; undefined restarts the child. */
  reloadSignal: NodeJS.Signals | undefined;
  /** Exec mode: signal that stops the child (restart, shutdown). */
  killSignal: NodeJS.Signals;
  /** Exec mode: SIGKILL the child this long after killSignal. */
  killTimeoutMs: number;
  /** Exec mode: restart a child that died unexpectedly instead of exiting. */
  execRestart: boolean;
  /** Ops HTTP server (/metrics, /healthz, /readyz, /status); off when undefined. */
  listen: ListenAddress | undefined;
  /** Written with our PID at start, removed on exit. */
  pidFile: string | undefined;
  /** Watch mode: follow edits of conf.d and templates (live reload). */
  watchConfig: boolean;
  /** Non-fatal findings while loading (unknown CONFETTI_* variables, ignored confd options), for the log. */
  warnings: string[];
}

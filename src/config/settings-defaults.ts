// Defaults, the lowest layer. Log format defaults to text: humans read a terminal; set json for collectors.
import type { Settings } from './settings.js';

export const DEFAULT_SETTINGS = {
  confdir: '/etc/confetti',
  backend: 'etcd',
  files: [],
  prefix: '/',
  endpoints: ['http://127.0.0.1:2379'],
  insecureSkipTlsVerify: false,
  dialTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  logLevel: 'info',
  logFormat: 'text',
  syncOnly: false,
  keepStageFile: false,
  maxOutputSize: 64 * 1024 * 1024,
  renderTimeoutMs: 10_000,
  dnsTimeoutMs: 3_000,
  dnsRefreshMs: 30_000,
  killSignal: 'SIGTERM',
  killTimeoutMs: 30_000,
  execRestart: false,
  watchConfig: true,
} as const satisfies Partial<Settings>;

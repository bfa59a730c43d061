// The settings a backend (or a registrar) is built from; backends never see the whole Settings.
import type { BackendOptions } from '../backends/backend-options.js';
import type { Settings } from '../config/settings.js';

export function backendOptionsOf(settings: Settings): BackendOptions {
  return {
    backend: settings.backend,
    files: settings.files,
    endpoints: settings.endpoints,
    cacert: settings.cacert,
    cert: settings.cert,
    key: settings.key,
    user: settings.user,
    passwordFile: settings.passwordFile,
    insecureSkipTlsVerify: settings.insecureSkipTlsVerify,
    dialTimeoutMs: settings.dialTimeoutMs,
    requestTimeoutMs: settings.requestTimeoutMs,
  };
}

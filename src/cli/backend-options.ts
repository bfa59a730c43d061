// The settings a backend (or a registrar) is built from; backends never see the whole Settings.
import type { BackendOptions } from '../backends/backend-options.js';
import type { Settings } from '../config/settings.js';

export function backendOptionsOf(settings: Settings): BackendOptions {
  return {
    backend: settings.backend,
    file: settings.file,
    endpoints: settings.endpoints,
    cacert: settings.cacert,
    cert: settings.cert,
    key: settings.key,
    user: settings.user,
    passwordFile: settings.passwordFile,
    insecureSkipTlsVerify: settings.insecureSkipTlsVerify,
    dialTimeout: settings.dialTimeout,
    requestTimeout: settings.requestTimeout,
  };
}

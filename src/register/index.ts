export { createRegistrar } from './create-registrar.js';
export { createEtcdV2Registrar } from './etcd-v2-registrar.js';
export { createEtcdV3Registrar } from './etcd-v3-registrar.js';
export { ttlSeconds, type Registrar } from './registrar.js';
export { refreshIntervalMs, runRegistration, type RegistrationOptions } from './run-registration.js';

/**
 * The Cellport registry backend plugin.
 *
 * @packageDocumentation
 */
export { registryPlugin as default } from './plugin';
export { createRouter } from './router';
export type { RegistryRouterOptions } from './router';
export { createBuildTokenRouter } from './buildTokenRouter';
export { createRegistryServices } from './services/createRegistryServices';
export { RegistryStore } from './database/RegistryStore';
export { Credentials } from './services/Credentials';
export {
  RegistryAccess,
  createPolicyPermissions,
  registryUserCredentials,
} from './services/RegistryAccess';
export type {
  RegistrySubject,
  RegistryPolicy,
} from './services/RegistryAccess';
export { RegistryHttpClient } from './services/RegistryClient';
export type { RegistryApi } from './services/RegistryClient';
export { RegistryEvents } from './services/RegistryEvents';
export { TokenAttemptLimiter } from './services/TokenAttemptLimiter';
export type { TokenAttemptLimiterOptions } from './services/TokenAttemptLimiter';
export { CatalogUserDirectory } from './services/UserDirectory';
export type { UserDirectory } from './services/UserDirectory';
export { parseScopes } from './services/scopes';
export type { RequestedScope } from './services/scopes';
export {
  JoseRegistryTokenIssuer,
  libtrustKeyId,
} from './services/TokenIssuer';
export type {
  RegistryTokenIssuer,
  RegistryAccessEntry,
  IssuedRegistryToken,
} from './services/TokenIssuer';

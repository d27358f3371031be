/**
 * Cellport registry frontend plugin. The new frontend system plugin is the default export of
 * `/alpha`.
 *
 * @packageDocumentation
 */
export { registryPlugin, RegistryPage, EntityRegistryContent } from './plugin';
export { registryApiRef, RegistryClient } from './api';
export type { RegistryApi, RegistryPageRequest, RegistryVisibility } from './api';

/**
 * The Cellport registry backend plugin.
 *
 * @packageDocumentation
 */
export { registryPlugin as default } from './plugin';

// Not part of the public API: the parts the repository's integration tests assemble by hand
// (test/src/registry). Marked internal, they are left out of the published type declarations.
/** @internal */
export { createRouter } from './router';
/** @internal */
export type { RegistryRouterOptions } from './router';
/** @internal */
export { createRegistryServices } from './services/createRegistryServices';
/** @internal */
export { createPolicyPermissions } from './services/RegistryAccess';
/** @internal */
export { CatalogUserDirectory } from './services/UserDirectory';

/**
 * Cellport registry: types, registry name validation and permissions shared by the registry
 * frontend and backend.
 *
 * @packageDocumentation
 */
export * from './names';
export * from './types';
export * from './permissions';
export * from './admin';
export * from './client/createRegistryApiClient';
export type {
  paths as RegistryApiPaths,
  components as RegistryApiComponents,
} from './generated/openapi';

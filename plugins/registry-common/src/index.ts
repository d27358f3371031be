/**
 * Cellport registry: types, registry name validation and permissions shared by the registry
 * frontend and backend.
 *
 * @packageDocumentation
 */
export * from './names';
export * from './types';
export * from './permissions';

/**
 * Cellport members and roles: the role model, resource kinds, the permission matrix and the
 * members API types, shared by frontend and backend.
 *
 * @packageDocumentation
 */
export * from './roles';
export * from './resources';
export * from './permissions';
export * from './members';

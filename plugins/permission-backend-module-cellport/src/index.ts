/**
 * The Cellport permission policy as a module of the permission backend: members and roles on
 * Cellport resources, platform admins, catalog ownership.
 *
 * @packageDocumentation
 */
export { permissionModuleCellportPolicy as default } from './module';
export { CellportPermissionPolicy } from './CellportPermissionPolicy';

/**
 * Cellport members and roles for backend plugins: the membership store, role checks, permission
 * rules, list filters, the members router and the Cellport part of the permission policy.
 *
 * @packageDocumentation
 */
export { AccessService } from './service/AccessService';
export type {
  AccessServiceOptions,
  AccessChangeOptions,
  AccessListFilter,
} from './service/AccessService';
export type { ResourceInput } from './service/resourceIds';
export { parseInput } from './service/parseInput';
export { actorOf, userOf } from './service/actor';
export { memberGroupsOf, parseOwnerGroupRef } from './service/ownerGroups';
export { AppAccess } from './service/AppAccess';
export type { AppAccessOptions } from './service/AppAccess';
export { createAccessRouter } from './router/createAccessRouter';
export { jsonBody } from './router/jsonBody';
export { adminRoutes, platformAdminOnly } from './router/platformAdminOnly';
export type { AccessRouterOptions } from './router/createAccessRouter';
export { KnexMembershipStore } from './database/KnexMembershipStore';
export { applyAccessMigrations } from './database/migrations';
export { migrateLatest, migrationsInCode } from './database/migrateLatest';
export type { CodeMigration } from './database/migrateLatest';
export { RowLocks } from './database/RowLocks';
export type { RowLocksOptions } from './database/RowLocks';
export type {
  AccessResource,
  CreateAccessResourceInput,
  ListActivityOptions,
  MemberRole,
  MembershipStore,
} from './database/types';
export { accessResourceRefs } from './permissions/resourceRefs';
export { accessRules, hasRole } from './permissions/rules';
export type { AccessRules, HasRoleParams } from './permissions/rules';
export { accessConditions } from './permissions/conditions';
export type { AccessQuery } from './permissions/query';
export { applyAccessFilter } from './permissions/applyAccessFilter';
export type { ApplyAccessFilterOptions } from './permissions/applyAccessFilter';
export { registerAccessPermissions } from './permissions/registerAccessPermissions';
export { requirePermissionFramework } from './permissions/requirePermissionFramework';
export type { RegisterAccessPermissionsOptions } from './permissions/registerAccessPermissions';
export { CatalogClaimsResolver } from './policy/CatalogClaimsResolver';
export type {
  ClaimsResolver,
  CatalogClaimsResolverOptions,
} from './policy/CatalogClaimsResolver';
export { CellportAccessPolicy } from './policy/CellportAccessPolicy';
export { createInProcessPermissions } from './policy/createInProcessPermissions';
export type {
  InProcessPermissionsOptions,
  InProcessPolicy,
} from './policy/createInProcessPermissions';
export type { CellportAccessPolicyOptions } from './policy/CellportAccessPolicy';

import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  taskCancelPermission,
  taskReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';

/**
 * Who a Backstage permission is granted to by default, for a user who is not a platform admin
 * (platform admins are granted everything).
 *
 * - `everyone`: every user (and service).
 * - `owner`: the owner only (a conditional decision the owning plugin applies: the entity's owner
 *   for catalog entities, the task's creator for scaffolder tasks).
 * - `admins`: platform admins only.
 *
 * @public
 */
export type BackstageDefault = 'everyone' | 'owner' | 'admins';

/**
 * The Cellport policy's default for every permission of the Backstage plugins the portal runs
 * (catalog, scaffolder; auth, app, search, events, notifications, signals and user settings
 * define none). Listed in the README; a permission neither here nor Cellport's own is decided by
 * its `attributes.action`: `read` for everyone, anything else for platform admins only.
 *
 * @public
 */
export const BACKSTAGE_PERMISSION_DEFAULTS: Readonly<
  Record<string, BackstageDefault>
> = {
  'catalog.entity.read': 'everyone',
  'catalog.entity.create': 'everyone',
  'catalog.entity.validate': 'everyone',
  'catalog.entity.refresh': 'owner',
  'catalog.entity.delete': 'owner',
  'catalog.location.read': 'everyone',
  'catalog.location.analyze': 'admins',
  'catalog.location.create': 'admins',
  'catalog.location.delete': 'admins',
  'catalog.ingestion.read': 'admins',
  'catalog.ingestion.manage': 'admins',
  'scaffolder.template.parameter.read': 'everyone',
  'scaffolder.template.step.read': 'everyone',
  'scaffolder.action.execute': 'everyone',
  'scaffolder.task.create': 'everyone',
  'scaffolder.task.read': 'owner',
  'scaffolder.task.cancel': 'owner',
  'scaffolder.template.dry-run': 'everyone',
  'scaffolder.template.management': 'admins',
  // the cells' API URLs, versions and raw errors (like kubernetes.clusters.read)
  'cells.clusters.read': 'admins',
};

/**
 * Decides a Backstage permission for a signed-in user who is not a platform admin, by
 * {@link BACKSTAGE_PERMISSION_DEFAULTS}. `claims` are the user's ownership refs (the user and their
 * groups); `userEntityRef` the user.
 *
 * @public
 */
export function decideBackstagePermission(
  permission: Permission,
  user: { userEntityRef: string; claims: string[] } | undefined,
): PolicyDecision {
  const rule =
    BACKSTAGE_PERMISSION_DEFAULTS[permission.name] ??
    (permission.attributes.action === 'read' ? 'everyone' : 'admins');
  if (rule === 'everyone') {
    return { result: AuthorizeResult.ALLOW };
  }
  if (rule === 'admins' || !user) {
    return { result: AuthorizeResult.DENY };
  }
  if (
    isPermission(permission, catalogEntityDeletePermission) ||
    isPermission(permission, catalogEntityRefreshPermission)
  ) {
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims: user.claims }),
    );
  }
  if (
    isPermission(permission, taskReadPermission) ||
    isPermission(permission, taskCancelPermission)
  ) {
    return createScaffolderTaskConditionalDecision(
      permission,
      scaffolderTaskConditions.isTaskOwner({ createdBy: [user.userEntityRef] }),
    );
  }
  return { result: AuthorizeResult.DENY };
}

import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import {
  accessPermissionMatrix,
  adminViewPermission,
  appCreatePermission,
  buildConfigCreatePermission,
  imageGroupCreatePermission,
  ResourceKind,
} from '@cellport/plugin-access-common';
import { AccessResource } from '../database/types';
import { accessResourceRefs } from './resourceRefs';
import { accessRules } from './rules';

const CREATE_PERMISSION_OF: Partial<
  Record<ResourceKind, typeof appCreatePermission>
> = {
  app: appCreatePermission,
  'image-group': imageGroupCreatePermission,
  'build-config': buildConfigCreatePermission,
};

/**
 * Options of {@link registerAccessPermissions}.
 *
 * @public
 */
export type RegisterAccessPermissionsOptions = {
  /** The plugin's `coreServices.permissionsRegistry`. */
  permissionsRegistry: PermissionsRegistryService;
  /** The kinds the plugin owns (for example `['image-group', 'image-repository']`). */
  kinds: ResourceKind[];
  /** Loads resources by reference (`app:payments-api`) for the permission backend. */
  getResources(refs: string[]): Promise<Array<AccessResource | undefined>>;
  /** Also register the admin view permission (one plugin should; default false). */
  includeAdminView?: boolean;
};

/**
 * Registers a plugin's Cellport resource types with the permission framework: the kinds'
 * permissions, the HAS_ROLE and IS_PUBLIC rules and the resource loader, so that the permission
 * backend can evaluate conditional decisions for `authorize` calls with a `resourceRef` (the
 * frontend's `usePermission`), and the create permissions of those kinds.
 * `AccessService.create` calls it when given a `permissionsRegistry`.
 *
 * @public
 */
export function registerAccessPermissions(
  options: RegisterAccessPermissionsOptions,
): void {
  const { permissionsRegistry, kinds, getResources } = options;
  for (const kind of kinds) {
    permissionsRegistry.addResourceType({
      resourceRef: accessResourceRefs[kind],
      permissions: accessPermissionMatrix
        .filter(row => row.kind === kind)
        .map(row => row.permission),
      rules: Object.values(accessRules[kind]),
      getResources,
    });
    const create = CREATE_PERMISSION_OF[kind];
    if (create) {
      permissionsRegistry.addPermissions([create]);
    }
  }
  if (options.includeAdminView) {
    permissionsRegistry.addPermissions([adminViewPermission]);
  }
}

import {
  BasicPermission,
  createPermission,
  PermissionAttributes,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { Role } from './roles';
import { RESOURCE_TYPES, ResourceKind } from './resources';

/**
 * One row of the default permission matrix: a resource permission and the minimum role it needs.
 *
 * @public
 */
export type AccessMatrixRow<TKind extends ResourceKind = ResourceKind> = {
  /** The resource kind the permission acts on. */
  kind: TKind;
  /** The permission, resource-typed with the kind's resource type. */
  permission: ResourcePermission<(typeof RESOURCE_TYPES)[TKind]>;
  /** The weakest role that is granted the permission by default. */
  minimumRole: Role;
  /** Whether anyone may do this on a public resource, member or not (see and pull). */
  grantedOnPublic: boolean;
};

function row<TKind extends ResourceKind>(
  kind: TKind,
  action: string,
  minimumRole: Role,
  attributes: PermissionAttributes,
  grantedOnPublic = false,
): AccessMatrixRow<TKind> {
  return {
    kind,
    permission: createPermission({
      name: `cellport.${kind}.${action}`,
      attributes,
      resourceType: RESOURCE_TYPES[kind],
    }),
    minimumRole,
    grantedOnPublic,
  };
}

const READ = { action: 'read' } as const;
const UPDATE = { action: 'update' } as const;
const DELETE = { action: 'delete' } as const;
const CREATE = { action: 'create' } as const;

/**
 * The default matrix rows of apps, keyed by action.
 *
 * @public
 */
export const appMatrix = {
  /** See the app and its members. */
  read: row('app', 'read', 'guest', READ),
  /** Read container logs. */
  logsRead: row('app', 'logs.read', 'reporter', READ),
  /** Read Kubernetes events and the activity feed. */
  eventsRead: row('app', 'events.read', 'reporter', READ),
  /** Read metrics, traces and topology. */
  metricsRead: row('app', 'metrics.read', 'reporter', READ),
  /** Deploy a version. */
  deploy: row('app', 'deploy', 'master', UPDATE),
  /** Scale a version. */
  scale: row('app', 'scale', 'master', UPDATE),
  /** Start, promote, pause, resume, abort a release, or skip a cell in it. */
  releaseManage: row('app', 'release.manage', 'master', UPDATE),
  /** Roll back to a previous version. */
  rollback: row('app', 'rollback', 'master', UPDATE),
  /** Edit the app's settings (cells, alert thresholds, ...). */
  update: row('app', 'update', 'master', UPDATE),
  /** Add, change and remove members (Owner grants need `transfer` too). */
  membersManage: row('app', 'members.manage', 'master', UPDATE),
  /** Grant or remove the Owner role, transfer ownership. */
  transfer: row('app', 'transfer', 'owner', UPDATE),
  /** Delete the app. */
  delete: row('app', 'delete', 'owner', DELETE),
};

/**
 * The default matrix rows of image groups, keyed by action. Image-group roles also apply to the
 * group's repositories, so pulling and pushing are checked on repositories.
 *
 * @public
 */
export const imageGroupMatrix = {
  /** See the group and its members (anyone, when the group is public). */
  read: row('image-group', 'read', 'guest', READ, true),
  /** Read the activity feed. */
  eventsRead: row('image-group', 'events.read', 'reporter', READ),
  /** Create a repository in the group (pushing a new repository creates it). */
  repositoryCreate: row(
    'image-group',
    'repository.create',
    'developer',
    CREATE,
  ),
  /** Edit the group's settings. */
  update: row('image-group', 'update', 'master', UPDATE),
  /** Add, change and remove members (Owner grants need `transfer` too). */
  membersManage: row('image-group', 'members.manage', 'master', UPDATE),
  /** Make the group public or private. */
  visibilityUpdate: row('image-group', 'visibility.update', 'owner', UPDATE),
  /** Grant or remove the Owner role, transfer ownership. */
  transfer: row('image-group', 'transfer', 'owner', UPDATE),
  /** Delete the group. */
  delete: row('image-group', 'delete', 'owner', DELETE),
};

/**
 * The default matrix rows of image repositories, keyed by action.
 *
 * @public
 */
export const imageRepositoryMatrix = {
  /** See the repository, its tags and members (anyone, when the repository is public). */
  read: row('image-repository', 'read', 'guest', READ, true),
  /** Read the activity feed (pushes, deletions, member and visibility changes). */
  eventsRead: row('image-repository', 'events.read', 'reporter', READ),
  /** Pull an image (anyone, when the repository is public). */
  pull: row('image-repository', 'pull', 'reporter', READ, true),
  /** Push an image. */
  push: row('image-repository', 'push', 'developer', UPDATE),
  /** Delete a tag. */
  tagDelete: row('image-repository', 'tag.delete', 'master', DELETE),
  /** Edit the repository's settings. */
  update: row('image-repository', 'update', 'master', UPDATE),
  /** Add, change and remove members (Owner grants need `transfer` too). */
  membersManage: row('image-repository', 'members.manage', 'master', UPDATE),
  /** Make the repository public or private. */
  visibilityUpdate: row(
    'image-repository',
    'visibility.update',
    'owner',
    UPDATE,
  ),
  /** Grant or remove the Owner role, transfer ownership. */
  transfer: row('image-repository', 'transfer', 'owner', UPDATE),
  /** Delete the repository. */
  delete: row('image-repository', 'delete', 'owner', DELETE),
};

/**
 * The default matrix rows of build configs, keyed by action.
 *
 * @public
 */
export const buildConfigMatrix = {
  /** See the build config, its builds and members. */
  read: row('build-config', 'read', 'guest', READ),
  /** Read build logs. */
  logsRead: row('build-config', 'logs.read', 'reporter', READ),
  /** Read the activity feed. */
  eventsRead: row('build-config', 'events.read', 'reporter', READ),
  /** Start a build. */
  buildStart: row('build-config', 'build.start', 'developer', UPDATE),
  /** Cancel a running build. */
  buildCancel: row('build-config', 'build.cancel', 'developer', UPDATE),
  /** Edit the build config (repository, branch, Dockerfile, tag rule, webhooks). */
  update: row('build-config', 'update', 'master', UPDATE),
  /** Add, change and remove members (Owner grants need `transfer` too). */
  membersManage: row('build-config', 'members.manage', 'master', UPDATE),
  /** Grant or remove the Owner role, transfer ownership. */
  transfer: row('build-config', 'transfer', 'owner', UPDATE),
  /** Delete the build config. */
  delete: row('build-config', 'delete', 'owner', DELETE),
};

/**
 * The matrix actions every kind has: seeing it, its activity, editing, members, ownership, deletion.
 *
 * @public
 */
export type CommonAccessAction =
  | 'read'
  | 'eventsRead'
  | 'update'
  | 'membersManage'
  | 'transfer'
  | 'delete';

type PermissionsOf<T extends Record<string, AccessMatrixRow>> = {
  [K in keyof T]: T[K]['permission'];
};

function permissionsOf<T extends Record<string, AccessMatrixRow>>(
  matrix: T,
): PermissionsOf<T> {
  return Object.fromEntries(
    Object.entries(matrix).map(([key, value]) => [key, value.permission]),
  ) as PermissionsOf<T>;
}

/**
 * App permissions (`cellport.app.*`), keyed by action.
 *
 * @public
 */
export const appPermissions = permissionsOf(appMatrix);

/**
 * Image group permissions (`cellport.image-group.*`), keyed by action.
 *
 * @public
 */
export const imageGroupPermissions = permissionsOf(imageGroupMatrix);

/**
 * Image repository permissions (`cellport.image-repository.*`), keyed by action.
 *
 * @public
 */
export const imageRepositoryPermissions = permissionsOf(imageRepositoryMatrix);

/**
 * Build config permissions (`cellport.build-config.*`), keyed by action.
 *
 * @public
 */
export const buildConfigPermissions = permissionsOf(buildConfigMatrix);

/**
 * The permissions every kind has, by kind: what the shared members endpoints and panel use.
 *
 * @public
 */
export const commonAccessPermissions: Readonly<
  Record<ResourceKind, Record<CommonAccessAction, ResourcePermission<string>>>
> = {
  app: appPermissions,
  'image-group': imageGroupPermissions,
  'image-repository': imageRepositoryPermissions,
  'build-config': buildConfigPermissions,
};

/**
 * The whole default permission matrix: every resource permission of every kind with its minimum
 * role. Policies read minimum roles from here.
 *
 * @public
 */
export const accessPermissionMatrix: readonly AccessMatrixRow[] = [
  ...Object.values(appMatrix),
  ...Object.values(imageGroupMatrix),
  ...Object.values(imageRepositoryMatrix),
  ...Object.values(buildConfigMatrix),
];

/**
 * Create an app. Any signed-in user may; the creator becomes its Owner.
 *
 * @public
 */
export const appCreatePermission: BasicPermission = createPermission({
  name: 'cellport.app.create',
  attributes: CREATE,
});

/**
 * Create an image group. Any signed-in user may; the creator becomes its Owner.
 *
 * @public
 */
export const imageGroupCreatePermission: BasicPermission = createPermission({
  name: 'cellport.image-group.create',
  attributes: CREATE,
});

/**
 * Create a build config. Any signed-in user may; the creator becomes its Owner.
 *
 * @public
 */
export const buildConfigCreatePermission: BasicPermission = createPermission({
  name: 'cellport.build-config.create',
  attributes: CREATE,
});

/**
 * See the platform admin view (operations per day, capacity, quotas, LB special configuration).
 * Platform admins only.
 *
 * @public
 */
export const adminViewPermission: BasicPermission = createPermission({
  name: 'cellport.admin.view',
  attributes: READ,
});

/**
 * Every Cellport access permission: the matrix plus the create and admin permissions. Plugins pass
 * their share to `permissionsRegistry.addPermissions`.
 *
 * @public
 */
export const accessPermissions = [
  ...accessPermissionMatrix.map(r => r.permission),
  appCreatePermission,
  imageGroupCreatePermission,
  buildConfigCreatePermission,
  adminViewPermission,
];

/**
 * The matrix row of a permission, by name; `undefined` for permissions outside the matrix.
 *
 * @public
 */
export function findAccessMatrixRow(
  permissionName: string,
): AccessMatrixRow | undefined {
  return accessPermissionMatrix.find(r => r.permission.name === permissionName);
}

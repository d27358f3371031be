import {
  imageGroupCreatePermission,
  imageGroupPermissions,
  imageRepositoryPermissions,
} from '@cellport/plugin-access-common';

/**
 * The registry's permissions. They are the image-group and image-repository permissions of the
 * access library (`cellport.image-group.*`, `cellport.image-repository.*`), re-exported here so
 * registry code has one import.
 *
 * @public
 */
export const registryPermissions = {
  groupCreate: imageGroupCreatePermission,
  group: imageGroupPermissions,
  repository: imageRepositoryPermissions,
};

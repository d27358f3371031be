export {
  buildConfigPermissions,
  buildConfigCreatePermission,
  buildConfigMatrix,
} from '@cellport/plugin-access-common';

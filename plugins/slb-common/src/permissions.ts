import {
  adminViewPermission,
  appPermissions,
} from '@cellport/plugin-access-common';

/**
 * The permissions domains are checked with. A domain belongs to an app, so its members and roles
 * decide: app members see its domains, the app's Owner and Master create, change and delete
 * them. Extra Nginx directives are platform admin business (the admin view permission).
 *
 * @public
 */
export const slbPermissions = {
  /** See a domain of an app: any member. */
  domainRead: appPermissions.read,
  /** Create, change or delete a domain of an app: Owner or Master. */
  domainManage: appPermissions.update,
  /** Set extra directives of any domain: platform admins. */
  directivesManage: adminViewPermission,
};

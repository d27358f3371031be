import { usePermission } from '@backstage/plugin-permission-react';
import {
  commonAccessPermissions,
  ResourceKind,
  stringifyResourceRef,
} from '@cellport/plugin-access-common';

/**
 * What the signed-in user may do with a resource's members (the backend enforces regardless).
 *
 * @public
 */
export type MemberPermissions = {
  /** Still asking the permission backend. */
  loading: boolean;
  /** May add, change and remove non-Owner members (Master). */
  canManage: boolean;
  /** May grant, change and remove Owners (Owner). */
  canManageOwners: boolean;
};

/**
 * Asks the permission backend whether the user may manage members and Owners of a resource.
 *
 * @public
 */
export function useMemberPermissions(
  kind: ResourceKind,
  name: string,
): MemberPermissions {
  const resourceRef = stringifyResourceRef({ kind, name });
  const manage = usePermission({
    permission: commonAccessPermissions[kind].membersManage,
    resourceRef,
  });
  const owners = usePermission({
    permission: commonAccessPermissions[kind].transfer,
    resourceRef,
  });
  return {
    loading: manage.loading || owners.loading,
    canManage: manage.allowed,
    canManageOwners: manage.allowed && owners.allowed,
  };
}

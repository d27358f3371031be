/** Shows something (the admin page's sidebar item) to platform admins only. */
import { ReactNode } from 'react';
import { usePermission } from '@backstage/plugin-permission-react';
import { adminViewPermission } from '@cellport/plugin-access-common';

/**
 * Renders its children for members of `cellport.platformAdminGroup` only; nothing for others
 * (nor while the permission is being checked).
 *
 * @public
 */
export function PlatformAdminOnly(props: { children?: ReactNode }) {
  const { allowed } = usePermission({ permission: adminViewPermission });
  return allowed ? <>{props.children}</> : null;
}

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { CellportPermissionPolicy } from './CellportPermissionPolicy';

/**
 * Installs {@link CellportPermissionPolicy} as the permission backend's policy.
 *
 * @public
 */
export const permissionModuleCellportPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'cellport-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
        policy: policyExtensionPoint,
      },
      async init({ config, auth, logger, catalog, policy }) {
        policy.setPolicy(
          CellportPermissionPolicy.fromConfig(config, {
            catalog,
            auth,
            logger,
          }),
        );
      },
    });
  },
});

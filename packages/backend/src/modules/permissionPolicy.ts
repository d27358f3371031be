import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { CellportPermissionPolicy } from './CellportPermissionPolicy';

/**
 * Installs {@link CellportPermissionPolicy} as the permission backend's policy.
 *
 * @public
 */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'cellport-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        policy: policyExtensionPoint,
      },
      async init({ config, policy }) {
        policy.setPolicy(CellportPermissionPolicy.fromConfig(config));
      },
    });
  },
});

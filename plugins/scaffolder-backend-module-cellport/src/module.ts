import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCellportActions } from './actions';

/**
 * Installs the Cellport template actions into the scaffolder. They call the Cellport plugins
 * found through discovery with tokens issued on behalf of the user running the template.
 *
 * @public
 */
export const scaffolderModuleCellport = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'cellport',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, discovery, auth, config, catalog }) {
        scaffolder.addActions(
          ...createCellportActions({ discovery, auth, config, catalog }),
        );
      },
    });
  },
});

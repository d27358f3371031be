import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { cellsReleaseGateSourcesExtensionPoint } from '@cellport/plugin-cells-node';
import { SkyWalkingClient } from './services/skywalking/SkyWalkingClient';
import { SkyWalkingGateSource } from './services/skywalking/SkyWalkingGateSource';
import { SkyWalkingService } from './services/skywalking/SkyWalkingService';

/**
 * Adds the `skywalking` release gate source to the cells plugin: gates on the response time, SLA or
 * call rate of the new version's SkyWalking instances (`cellport.observability.skywalking.baseUrl`).
 *
 * @public
 */
export const cellsModuleSkyWalkingGate = createBackendModule({
  pluginId: 'cells',
  moduleId: 'skywalking-gate',
  register(reg) {
    reg.registerInit({
      deps: {
        gates: cellsReleaseGateSourcesExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ gates, config, catalog, auth }) {
        const client = new SkyWalkingClient(
          config.getOptionalString('cellport.observability.skywalking.baseUrl'),
        );
        const service = new SkyWalkingService(client, catalog, auth);
        gates.addGateSource(
          'skywalking',
          new SkyWalkingGateSource(client, app => service.serviceOf(app)),
        );
      },
    });
  },
});

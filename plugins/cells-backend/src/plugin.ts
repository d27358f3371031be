import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './router';
import { CellService } from './services/CellService';
import { CellStatusChecker } from './services/CellStatusChecker';
import { ConfigCellSupplier } from './services/CellSupplier';

/**
 * The Cellport cells backend plugin.
 *
 * @public
 */
export const cellsPlugin = createBackendPlugin({
  pluginId: 'cells',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        scheduler: coreServices.scheduler,
      },
      async init({ config, logger, httpRouter, httpAuth, scheduler }) {
        const seconds = (key: string, fallback: number) =>
          config.getOptionalNumber(`cellport.cells.${key}`) ?? fallback;
        const cells = new CellService(
          ConfigCellSupplier.fromConfig(config),
          new CellStatusChecker(seconds('checkTimeoutSeconds', 5) * 1000),
          logger,
        );
        // every replica checks on its own: statuses are a cache of what the clusters say
        await scheduler.scheduleTask({
          id: 'cells-health-check',
          scope: 'local',
          frequency: { seconds: seconds('checkIntervalSeconds', 15) },
          timeout: { seconds: 60 },
          fn: () => cells.refresh(),
        });
        httpRouter.use(await createRouter({ cells, httpAuth }));
      },
    });
  },
});

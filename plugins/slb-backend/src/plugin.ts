import os from 'node:os';
import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  cellsScalingServiceRef,
  cellsTrafficHookExtensionPoint,
  cellsTrafficSharesServiceRef,
  ConfigCellSupplier,
} from '@cellport/plugin-cells-node';
import { AppAccess } from '@cellport/plugin-access-node';
import { createRouter } from './router';
import { createAdminRouter, SpecialConfigs } from './services/admin';
import { ConfigGroupSupplier } from './services/ConfigGroupSupplier';
import { DirectiveChecker } from './services/DirectiveChecker';
import { DomainService } from './services/DomainService';
import { createEvacuation, createEvacuationRouter } from './services/evacuation';
import { ServiceDiscovery } from './services/ServiceDiscovery';
import { SlbDrain } from './services/SlbDrain';
import { SlbEtcd } from './services/SlbEtcd';

/**
 * The Cellport load balancing backend plugin: LB groups from config, domains in the groups' etcd,
 * and the service discovery writing ready pods into the upstreams (one replica at a time).
 *
 * @public
 */
export const slbPlugin = createBackendPlugin({
  pluginId: 'slb',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        lifecycle: coreServices.lifecycle,
        shares: cellsTrafficSharesServiceRef,
        database: coreServices.database,
        scaling: cellsScalingServiceRef,
      },
      async init({ config, logger, httpRouter, httpAuth, permissions, lifecycle, shares, database, scaling }) {
        const groups = new ConfigGroupSupplier(config);
        groups.read(); // fail start-up on bad group config
        const etcd = new SlbEtcd();
        const domains = new DomainService(
          groups,
          etcd,
          new AppAccess(permissions, {
            describeDenied: (_permission, app) => `manage domains of app '${app}'`,
          }),
          new DirectiveChecker(config.getOptionalString('cellport.slb.nginxBinary') ?? 'nginx'),
          logger,
        );
        // platform admins' view (404 for everyone else), before the routers whose validators would answer first
        httpRouter.use(createAdminRouter({ httpAuth, permissions, specialConfigs: new SpecialConfigs({ groups, etcd }) }));
        httpRouter.use(await createRouter({ httpAuth, domains }));
        const discovery = new ServiceDiscovery(
          groups,
          ConfigCellSupplier.fromConfig(config),
          etcd,
          logger,
          { refreshMs: 2000, replicaId: `${os.hostname()}-${process.pid}`, shares },
        );
        // cell evacuation: platform admins' routes, driven by whichever replica holds its lease
        const evacuation = await createEvacuation({ config, database, logger, permissions, scaling, groups, etcd });
        httpRouter.use(createEvacuationRouter({ httpAuth, evacuations: evacuation.service }));
        lifecycle.addStartupHook(() => discovery.start());
        lifecycle.addStartupHook(() => evacuation.runner.start());
        lifecycle.addShutdownHook(async () => {
          await evacuation.runner.stop();
          await discovery.stop();
          etcd.close();
        });
      },
    });
  },
});

/**
 * Drain before delete: gives the cells plugin a TrafficHook that takes pods out of every upstream
 * of the cell's region and waits until every live agent applied it
 * (`cellport.slb.drainTimeoutSeconds`, default 30).
 *
 * @public
 */
export const slbCellsTrafficModule = createBackendModule({
  pluginId: 'cells',
  moduleId: 'slb-traffic',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        traffic: cellsTrafficHookExtensionPoint,
      },
      async init({ config, logger, lifecycle, traffic }) {
        const etcd = new SlbEtcd();
        traffic.setTrafficHook(
          new SlbDrain(
            new ConfigGroupSupplier(config),
            ConfigCellSupplier.fromConfig(config),
            etcd,
            logger,
            (config.getOptionalNumber('cellport.slb.drainTimeoutSeconds') ?? 30) * 1000,
          ),
        );
        lifecycle.addShutdownHook(() => etcd.close());
      },
    });
  },
});

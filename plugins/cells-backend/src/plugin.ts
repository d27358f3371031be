import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AccessService,
  requirePermissionFramework,
} from '@cellport/plugin-access-node';
import { applyAppMigrations } from './database/migrations';
import { CapacityReader } from './services/admin/CapacityReader';
import { OperationsReport } from './services/admin/OperationsReport';
import { CatalogOwnerGroups } from './services/quota/OwnerGroups';
import { applyQuotaMigrations } from './services/quota/quotaMigrations';
import { QuotaService } from './services/quota/QuotaService';
import { QuotaStore } from './services/quota/QuotaStore';
import { KnexPullRobotStore } from './services/apps/PullRobotStore';
import { KnexAppStore } from './database/KnexAppStore';
import { createRouter } from './router';
import { cellsClustersReadPermission } from './permissions';
import { CatalogRegistryReferences } from './services/apps/AppReferences';
import { AppService } from './services/apps/AppService';
import { AppViews } from './services/apps/AppViews';
import {
  cellportRegistryHosts,
  RegistryImageAccess,
} from './services/apps/ImageAccess';
import { RegistryPullCredentials } from './services/apps/PullCredentials';
import { CellService } from './services/CellService';
import { CellStatusChecker } from './services/CellStatusChecker';
import { CellScaling } from './services/scaling/CellScaling';
import { createScalingRouter } from './services/scaling/createScalingRouter';
import {
  CellSupplier,
  cellsCellSupplierExtensionPoint,
  cellsPullCredentialsExtensionPoint,
  cellsTrafficHookExtensionPoint,
  ConfigCellSupplier,
  PullCredentialsProvider,
  TrafficHook,
} from '@cellport/plugin-cells-node';
import { KubeCellViews } from './services/kube/KubeCellViews';
import { KubeCellWorkloads } from './services/kube/KubeCellWorkloads';
import {
  cellsReleaseGateSourcesExtensionPoint,
  createReleaseRouter,
  createReleaseServices,
  GateSourceRegistry,
  NotifyingReleaseListener,
} from './services/release';

/**
 * The Cellport cells backend plugin: regions and cells, apps and their versions across cells, the
 * app views; members and roles of apps come from the access library
 * (`@cellport/plugin-access-node`).
 *
 * @public
 */
export const cellsPlugin = createBackendPlugin({
  pluginId: 'cells',
  register(env) {
    // modules add gate sources (SkyWalking, the load balancer's counters) beside Prometheus
    const gateSources = new GateSourceRegistry();
    env.registerExtensionPoint(cellsReleaseGateSourcesExtensionPoint, {
      addGateSource: (name, source) => gateSources.addGateSource(name, source),
    });
    // adopters bring their clusters and their registry's credentials (defaults: config, Cellport registry)
    let cellSupplier: CellSupplier | undefined;
    env.registerExtensionPoint(cellsCellSupplierExtensionPoint, {
      setCellSupplier(supplier) {
        if (cellSupplier) throw new Error('cells: a cell supplier is already set');
        cellSupplier = supplier;
      },
    });
    let pullCredentials: PullCredentialsProvider | undefined;
    env.registerExtensionPoint(cellsPullCredentialsExtensionPoint, {
      setPullCredentialsProvider(provider) {
        if (pullCredentials) {
          throw new Error('cells: a pull credentials provider is already set');
        }
        pullCredentials = provider;
      },
    });
    // the slb plugin drains pods out of Nginx before they leave
    let trafficHook: TrafficHook | undefined;
    env.registerExtensionPoint(cellsTrafficHookExtensionPoint, {
      setTrafficHook(hook) {
        if (trafficHook) throw new Error('cells: a traffic hook is already set');
        trafficHook = hook;
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { config, logger, database, httpRouter, httpAuth, scheduler } =
          deps;
        // with permissions off every app would be open: refuse to start
        requirePermissionFramework({ config, logger, pluginId: 'cells' });
        const seconds = (key: string, fallback: number) =>
          config.getOptionalNumber(`cellport.cells.${key}`) ?? fallback;
        deps.permissionsRegistry.addPermissions([cellsClustersReadPermission]);
        const supplier = cellSupplier ?? ConfigCellSupplier.fromConfig(config);
        const cells = new CellService(
          supplier,
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

        // the options are named after the core services: the plugin's deps are passed as they are
        const access = await AccessService.create({
          ...deps,
          kinds: ['app'],
          includeAdminView: false,
        });
        const knex = await database.getClient();
        if (!database.migrations?.skip) {
          await applyAppMigrations(knex);
          await applyQuotaMigrations(knex);
        }
        const store = KnexAppStore.create({ knex });
        // the admin view: quotas per owner group, operations per day, cell capacity
        const quota = new QuotaService({
          store: new QuotaStore(knex),
          apps: store,
          owners: new CatalogOwnerGroups({ catalog: deps.catalog, auth: deps.auth }),
        });
        const operations = new OperationsReport(knex);
        const workloads = KubeCellWorkloads.create({
          supplier,
          logger,
          requestTimeoutMs: seconds('requestTimeoutSeconds', 15) * 1000,
          drainTimeoutMs: seconds('drainTimeoutSeconds', 60) * 1000,
          trafficHook,
          // images pulled with credentials, or from the Cellport registry, are pulled every time
          alwaysPullFrom: cellportRegistryHosts(config),
        });
        const cellViews = KubeCellViews.create({ workloads, logger });
        deps.lifecycle.addShutdownHook(() => cellViews.stop());
        const release = await createReleaseServices({
          knex,
          skipMigrations: database.migrations?.skip,
          appStore: store,
          workloads,
          logger,
          config,
          gateSources,
          listener: new NotifyingReleaseListener(deps.notifications, logger),
        });
        const apps = AppService.create({
          quota,
          operations,
          guards: release.releases,
          store,
          workloads,
          cells: supplier,
          access,
          permissions: deps.permissions,
          logger,
          pullCredentials:
            pullCredentials ??
            RegistryPullCredentials.create({
              discovery: deps.discovery,
              auth: deps.auth,
              config,
              logger,
              // replicas share the robots' secrets instead of replacing each other's robots
              robots: new KnexPullRobotStore(knex),
            }),
          imageAccess: RegistryImageAccess.create({
            discovery: deps.discovery,
            auth: deps.auth,
            config,
          }),
          references: CatalogRegistryReferences.create({
            catalog: deps.catalog,
            discovery: deps.discovery,
            auth: deps.auth,
            config,
          }),
          cellStatus: cell =>
            cells.getCell(cell).then(
              c => c.status,
              () => undefined,
            ),
        });
        const appViews = AppViews.create({
          store,
          workloads,
          // the overview reads watch-backed caches of the cells: no Kubernetes call per view
          views: cellViews,
          access,
          cellTimeoutMs: seconds('viewTimeoutSeconds', 5) * 1000,
          viewAccessCacheMs: seconds('viewAccessCacheSeconds', 5) * 1000,
        });
        // other plugins (the slb plugin's cell evacuation) scale through /scaling, service tokens only
        const scaling = createScalingRouter({
          httpAuth,
          scaling: new CellScaling({
            store,
            workloads,
            supplier,
            cellStatus: cell =>
              cells.getCell(cell).then(
                c => c.status,
                () => undefined,
              ),
            logger,
          }),
        });
        httpRouter.use(
          await createRouter({
            cells,
            httpAuth,
            permissions: deps.permissions,
            apps,
            appViews,
            access,
            releases: createReleaseRouter({
              access,
              appStore: store,
              releases: release.releases,
              httpAuth,
              quota,
            }),
            scaling,
            admin: {
              quotas: quota,
              operations,
              capacity: new CapacityReader(
                supplier,
                seconds('requestTimeoutSeconds', 15) * 1000,
              ),
            },
          }),
        );
        // releases are driven by whichever replica holds their database lease
        deps.lifecycle.addStartupHook(() => release.driver.start());
        deps.lifecycle.addShutdownHook(() => release.driver.stop());
      },
    });
  },
});

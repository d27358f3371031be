import fs from 'node:fs';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AlertStore } from './database/AlertStore';
import { applyMigrations } from './database/migrations';
import { createRouter } from './router';
import { AppAccess } from '@cellport/plugin-access-node';
import { AlertReceiver } from './services/alerts/AlertReceiver';
import { AlertRuleService } from './services/alerts/AlertRuleService';
import { AppMembers } from './services/alerts/AppMembers';
import { RuleLoader } from './services/alerts/RuleLoader';
import { DashboardService } from './services/dashboards/DashboardService';
import { PrometheusClient } from './services/dashboards/PrometheusClient';
import { SkyWalkingClient } from './services/skywalking/SkyWalkingClient';
import { SkyWalkingService } from './services/skywalking/SkyWalkingService';

const KEY = 'cellport.observability';

function webhookSecret(config: Config): string | undefined {
  const inline = config.getOptionalString(`${KEY}.alerts.webhookSecret`);
  if (inline) return inline;
  const file = config.getOptionalString(`${KEY}.alerts.webhookSecretFile`);
  return file ? fs.readFileSync(file, 'utf8').trim() || undefined : undefined;
}

/**
 * The Cellport observability backend plugin: per-app dashboards from Prometheus, alert thresholds
 * loaded into Prometheus as rules, and Alertmanager's webhook turning alerts into notifications
 * to the app's Owners and Masters.
 *
 * @public
 */
export const observabilityPlugin = createBackendPlugin({
  pluginId: 'observability',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        cache: coreServices.cache,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        scheduler: coreServices.scheduler,
        notifications: notificationService,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, database, httpRouter } = deps;
        const prometheusUrl =
          config.getOptionalString(`${KEY}.prometheus.baseUrl`) ??
          config.getOptionalString('cellport.cells.prometheus.baseUrl');
        const timeoutSeconds = config.getOptionalNumber(
          `${KEY}.prometheus.timeoutSeconds`,
        );
        const prometheus = new PrometheusClient({
          baseUrl: prometheusUrl,
          timeoutMs: (timeoutSeconds ?? 10) * 1000,
        });
        const knex = await database.getClient();
        if (!database.migrations?.skip) {
          await applyMigrations(knex);
        }
        const store = new AlertStore(knex);
        const rules = new AlertRuleService(
          store,
          new RuleLoader({
            rulesDir: config.getOptionalString(`${KEY}.alerts.rulesDir`),
            promtool: config.getOptionalString(`${KEY}.alerts.promtool`),
            prometheusUrl,
            logger,
          }),
          logger,
        );
        // every replica writes the same files from the database: harmless when they share a folder
        await deps.scheduler.scheduleTask({
          id: 'observability-alert-rules-sync',
          scope: 'local',
          frequency: {
            seconds:
              config.getOptionalNumber(`${KEY}.alerts.syncIntervalSeconds`) ?? 60,
          },
          timeout: { seconds: 60 },
          fn: async () => {
            const status = await rules.syncAll();
            if (!status.loaded) {
              logger.warn(`Alert rules not loaded: ${status.message}`);
            }
          },
        });
        httpRouter.addAuthPolicy({
          path: '/alertmanager/webhook',
          allow: 'unauthenticated',
        });
        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            logger,
            access: new AppAccess(deps.permissions),
            dashboards: DashboardService.create({
              prometheus,
              cache: deps.cache,
              logger,
              cacheSeconds: config.getOptionalNumber(`${KEY}.cacheSeconds`),
            }),
            rules,
            store,
            receiver: new AlertReceiver(
              store,
              new AppMembers(deps.discovery, deps.auth),
              deps.notifications,
              logger,
            ),
            webhookSecret: webhookSecret(config),
            skywalking: new SkyWalkingService(
              new SkyWalkingClient(
                config.getOptionalString(`${KEY}.skywalking.baseUrl`),
              ),
              deps.catalog,
              deps.auth,
            ),
          }),
        );
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AccessService } from '@cellport/plugin-access-node';
import { BuildsStore } from './database/BuildsStore';
import { createRouter } from './router/createRouter';
import { BuildOperations, createAdminRouter } from './services/admin';
import { EtcdAgentDirectory } from './services/AgentDirectory';
import { BuildConfigService } from './services/BuildConfigService';
import { BuildDispatcher } from './services/BuildDispatcher';
import { BuildService } from './services/BuildService';
import { RegistryPushTokens } from './services/PushTokens';
import { SecretBox } from './services/SecretBox';

/**
 * The Cellport builds backend plugin: build configs (members and roles from the access library),
 * builds started by hand or by signed webhooks, dispatched to build agents through etcd.
 *
 * @public
 */
export const buildsPlugin = createBackendPlugin({
  pluginId: 'builds',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, database, httpRouter, httpAuth } = deps;
        const c = config.getConfig('builds');
        // the options are named after the core services: the plugin's deps are passed as they are
        const access = await AccessService.create({
          ...deps,
          kinds: ['build-config'],
        });
        const store = await BuildsStore.create({
          knex: await database.getClient(),
          skipMigrations: database.migrations?.skip,
        });
        const registryUrl = new URL(config.getString('registry.url'));
        const registry = {
          host:
            c.getOptionalString('registryHost') ??
            config.getOptionalString('registry.host') ??
            registryUrl.host,
          insecure:
            c.getOptionalBoolean('registryInsecure') ??
            registryUrl.protocol === 'http:',
        };
        const directory = EtcdAgentDirectory.create({
          endpoints: c.getStringArray('etcd.endpoints'),
          prefix: c.getOptionalString('etcd.prefix'),
        });
        const configs = BuildConfigService.create({
          store,
          access,
          permissions: deps.permissions,
          secrets: new SecretBox(c.getString('secretKey')),
          externalBaseUrl: () => deps.discovery.getExternalBaseUrl('builds'),
        });
        const dispatcher = new BuildDispatcher({
          store,
          configs,
          directory,
          pushTokens: RegistryPushTokens.create(deps),
          access,
          auth: deps.auth,
          logger,
          registry,
          maxAttempts: c.getOptionalNumber('maxAttempts'),
          maxBuildMs: (c.getOptionalNumber('maxBuildMinutes') ?? 60) * 60_000,
        });
        const builds = BuildService.create({
          store,
          configs,
          access,
          auth: deps.auth,
          logger,
          wake: () => dispatcher.wake(),
          cancelTask: (agent, buildId) => directory.deleteTask(agent, buildId),
        });
        // platform admins' view (404 for everyone else), before the routers whose validators would answer first
        httpRouter.use(
          createAdminRouter({
            httpAuth,
            permissions: deps.permissions,
            operations: new BuildOperations(store.db),
          }),
        );
        httpRouter.use(
          await createRouter({
            configs,
            builds,
            access,
            directory,
            httpAuth,
            registryHost: registry.host,
          }),
        );
        // webhooks authenticate with their platform's signature
        httpRouter.addAuthPolicy({
          path: '/webhooks',
          allow: 'unauthenticated',
        });
        deps.lifecycle.addStartupHook(() => dispatcher.start());
        deps.lifecycle.addShutdownHook(() => dispatcher.stop());
      },
    });
  },
});

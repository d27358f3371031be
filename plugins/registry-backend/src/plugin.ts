import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter, createUnavailableRouter } from './router';
import { createRegistryServices } from './services/createRegistryServices';

/**
 * The Cellport registry backend plugin: the Docker Registry v2 token service at
 * `/api/registry/token`, the registry notification webhook and the image groups, repositories,
 * access tokens, robots, tags and activity API.
 *
 * @public
 */
export const registryPlugin = createBackendPlugin({
  pluginId: 'registry',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, logger, database, httpAuth, httpRouter }) {
        const knex = await database.getClient();
        try {
          const services = await createRegistryServices({ config, knex, logger });
          httpRouter.use(await createRouter({ ...services, httpAuth, logger }));
        } catch (e) {
          // a missing key pair or registry config degrades this plugin only
          const message = `The registry plugin is not configured: ${
            (e as Error).message
          }`;
          logger.error(message);
          httpRouter.use(createUnavailableRouter(message));
        }
        // registry clients authenticate with HTTP Basic; the registry's webhook with its secret
        httpRouter.addAuthPolicy({ path: '/token', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({
          path: '/webhooks/registry',
          allow: 'unauthenticated',
        });
      },
    });
  },
});

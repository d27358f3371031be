import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  AccessService,
  CatalogClaimsResolver,
  CellportAccessPolicy,
  requirePermissionFramework,
} from '@cellport/plugin-access-node';
import { createBuildTokenRouter } from './buildTokenRouter';
import { ImageGroupQuotas } from './services/quota/ImageGroupQuotas';
import { createRouter, createUnavailableRouter } from './router';
import { createRegistryServices } from './services/createRegistryServices';
import { TokenAttemptLimiter } from './services/TokenAttemptLimiter';
import { CatalogUserDirectory } from './services/UserDirectory';
import {
  createPolicyPermissions,
  RegistryPolicy,
} from './services/RegistryAccess';
import {
  registryTokenPolicyExtensionPoint,
  RegistryTokenPolicy,
} from '@cellport/plugin-registry-node';

/**
 * The Cellport registry backend plugin: the Docker Registry v2 token service at
 * `/api/registry/token`, the registry notification webhook and the image groups, repositories,
 * access tokens, robots, tags and activity API. Members and roles of image groups and
 * repositories come from the access library (`@cellport/plugin-access-node`).
 *
 * @public
 */
export const registryPlugin = createBackendPlugin({
  pluginId: 'registry',
  register(env) {
    // adopters give the token endpoint the policy they give the permission backend
    let tokenPolicy: RegistryTokenPolicy | undefined;
    env.registerExtensionPoint(registryTokenPolicyExtensionPoint, {
      setTokenPolicy(policy) {
        if (tokenPolicy) throw new Error('registry: a token policy is already set');
        tokenPolicy = policy;
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, database, auth, httpAuth, httpRouter, permissions, permissionsRegistry, auditor, lifecycle, catalog }) {
        // with permissions off every image group would be open: refuse to start
        requirePermissionFramework({ config, logger, pluginId: 'registry' });
        // registry clients authenticate with a personal access token, not a Backstage token: the
        // token endpoint's decisions come from the installed token policy (default: the Cellport
        // policy) in process, the portal's from the permission backend
        const cacheSeconds = config.getOptionalNumber(
          'cellport.access.groupCacheSeconds',
        );
        const installed = tokenPolicy;
        const policy: RegistryPolicy = installed
          ? { decide: (request, user) => installed.handle(request, user) }
          : CellportAccessPolicy.create({
              claimsResolver: CatalogClaimsResolver.create({
                catalog,
                auth,
                logger,
                cacheTtlMs:
                  cacheSeconds === undefined ? undefined : cacheSeconds * 1000,
              }),
              platformAdminGroup: config.getOptionalString(
                'cellport.platformAdminGroup',
              ),
            });
        const access = await AccessService.create({
          database,
          catalog,
          auth,
          permissions: createPolicyPermissions({
            policy,
            fallback: permissions,
          }),
          permissionsRegistry,
          auditor,
          logger,
          kinds: ['image-group', 'image-repository'],
        });
        const knex = await database.getClient();
        try {
          const services = await createRegistryServices({
            config,
            knex,
            logger,
            access,
            auth,
          });
          // token uses queued for their lastUsedAt are written before the backend stops
          lifecycle.addShutdownHook(() => services.credentials.uses.flush());
          httpRouter.use(
            await createRouter({
              ...services,
              accessService: access,
              httpAuth,
              permissions,
              logger,
              users: new CatalogUserDirectory({
                catalog,
                auth,
                cacheSeconds: config.getOptionalNumber('registry.userCacheSeconds'),
              }),
              attemptLimiter: new TokenAttemptLimiter({
                attempts: services.store.attempts,
                maxFailures: config.getOptionalNumber('registry.failedTokenAttempts.max'),
                maxFailuresPerIp: config.getOptionalNumber(
                  'registry.failedTokenAttempts.maxPerIp',
                ),
                windowSeconds: config.getOptionalNumber(
                  'registry.failedTokenAttempts.windowSeconds',
                ),
              }),
              robotServicePlugins: config.getOptionalStringArray(
                'registry.robotServicePlugins',
              ),
              quotas: new ImageGroupQuotas({ knex, catalog, auth }),
            }),
          );
          // push tokens for the builds plugin's agents (service auth, builds plugin only)
          httpRouter.use(
            createBuildTokenRouter({
              store: services.store,
              issuer: services.issuer,
              httpAuth,
            }),
          );
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

import {
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

const SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * The mock httpAuth service, except that a token a plugin obtained on behalf of a user
 * authenticates as that user *with the plugin as actor*, as real Backstage tokens do (the mock
 * drops the actor). The permission backend accepts conditional queries without a resource
 * reference only from such callers.
 */
export const httpAuthWithActorsFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): HttpAuthService {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    return {
      async credentials(req, options) {
        const credentials = await inner.credentials(req, options as any);
        const token =
          req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
        if (token?.startsWith(SERVICE_TOKEN_PREFIX)) {
          const { obo } = JSON.parse(token.slice(SERVICE_TOKEN_PREFIX.length));
          if (obo) {
            return mockCredentials.user(obo, {
              actor: { subject: 'plugin:caller' },
            }) as any;
          }
        }
        return credentials;
      },
      issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
    };
  },
});

import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/**
 * Mints the registry push token of one build.
 *
 * @public
 */
export interface PushTokens {
  /** A token with push on `repository` only, for the build named `build`. */
  mint(
    repository: string,
    build: string,
  ): Promise<{ token: string; expiresIn: number }>;
}

/**
 * {@link PushTokens} from the registry plugin's `POST /build-tokens` (service auth).
 *
 * @public
 */
export class RegistryPushTokens implements PushTokens {
  static create(deps: { discovery: DiscoveryService; auth: AuthService }) {
    return new RegistryPushTokens(deps.discovery, deps.auth);
  }

  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  async mint(repository: string, build: string) {
    const baseUrl = await this.discovery.getBaseUrl('registry');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'registry',
    });
    const res = await fetch(`${baseUrl}/build-tokens`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ repository, build }),
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    const body = (await res.json()) as { token: string; expires_in: number };
    return { token: body.token, expiresIn: body.expires_in };
  }
}

import {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { MemberListResponse, Role } from '@cellport/plugin-access-common';

/**
 * Looks up who holds a role on an app, from the plugin that owns apps and their members (cells,
 * `GET /apps/{app}/members`), with this plugin's own service credentials.
 */
export class AppMembers {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  /** Entity references of the app's members holding one of `roles` (Users and Groups). */
  async withRoles(app: string, roles: Role[]): Promise<string[]> {
    const base = await this.discovery.getBaseUrl('cells');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'cells',
    });
    const res = await fetch(`${base}/apps/${encodeURIComponent(app)}/members`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    const body = (await res.json()) as MemberListResponse;
    return [
      ...new Set(body.items.filter(m => roles.includes(m.role)).map(m => m.member)),
    ].sort();
  }
}

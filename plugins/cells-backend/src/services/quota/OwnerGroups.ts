import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { memberGroupsOf } from '@cellport/plugin-access-node';

/**
 * Finds the owner groups a new app counts against.
 *
 * @public
 */
export interface OwnerGroupResolver {
  /**
   * The owner group of the app's catalog Component (`spec.owner`, when it is a Group); without a
   * Component (or one owned by a user), the creating user's primary group ({@link primaryGroupOf}).
   * At most one group, so an app counts once; empty for service callers and users in no group.
   */
  ownerGroupsOf(
    credentials: BackstageCredentials,
    componentRef?: string,
  ): Promise<string[]>;
}

/**
 * The group an app is charged to when its creator's groups decide: the first group of the user's
 * own `spec.memberOf` (the order its catalog source gives, e.g. `memberOf: [platform,
 * platform-admins]` makes `platform` the primary group) that it is a member of, else the first of
 * its memberOf relations (groups that list the user in their `spec.members`), by name. Undefined
 * for a user in no group. One group, not each of them: an app is counted once.
 *
 * @public
 */
export function primaryGroupOf(user: Entity | undefined): string | undefined {
  const groups = memberGroupsOf(user);
  const declared: unknown = user?.spec?.memberOf;
  for (const ref of Array.isArray(declared) ? declared : []) {
    if (typeof ref !== 'string' || !ref) continue;
    try {
      const group = stringifyEntityRef(
        parseEntityRef(ref, {
          defaultKind: 'group',
          defaultNamespace: user?.metadata.namespace ?? 'default',
        }),
      ).toLocaleLowerCase('en-US');
      if (groups.includes(group)) return group;
    } catch {
      // not an entity reference: the relations decide
    }
  }
  return groups[0];
}

/**
 * {@link OwnerGroupResolver} reading the Backstage catalog (as the plugin itself: the Component
 * was already checked to be visible to the caller).
 *
 * @public
 */
export class CatalogOwnerGroups implements OwnerGroupResolver {
  constructor(
    private readonly options: { catalog: CatalogService; auth: AuthService },
  ) {}

  async ownerGroupsOf(
    credentials: BackstageCredentials,
    componentRef?: string,
  ): Promise<string[]> {
    if (componentRef) {
      const component = await this.entity(componentRef);
      const owner = component?.spec?.owner;
      if (typeof owner === 'string' && owner) {
        const ref = parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: component?.metadata.namespace ?? 'default',
        });
        if (ref.kind.toLocaleLowerCase('en-US') === 'group') {
          return [stringifyEntityRef(ref).toLocaleLowerCase('en-US')];
        }
      }
    }
    const principal = credentials.principal as { userEntityRef?: string };
    if (!principal.userEntityRef) {
      return [];
    }
    const primary = primaryGroupOf(await this.entity(principal.userEntityRef));
    return primary ? [primary] : [];
  }

  private async entity(ref: string): Promise<Entity | undefined> {
    try {
      return await this.options.catalog.getEntityByRef(ref, {
        credentials: await this.options.auth.getOwnServiceCredentials(),
      });
    } catch (e) {
      throw new ServiceUnavailableError(
        `could not look ${ref} up in the catalog to find its owner group (${
          e instanceof Error ? e.message : String(e)
        }); nothing was changed, try again`,
      );
    }
  }
}

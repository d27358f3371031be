import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
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
   * Component (or one owned by a user), the groups the creating user is a member of. Empty for
   * service callers.
   */
  ownerGroupsOf(
    credentials: BackstageCredentials,
    componentRef?: string,
  ): Promise<string[]>;
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
    return memberGroupsOf(await this.entity(principal.userEntityRef));
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

import { ResourceKind, Role } from '@cellport/plugin-access-common';

/**
 * What a Cellport permission rule translates to for database queries (the `TQuery` of the rules).
 * Turn a whole criteria tree into a knex filter with `applyAccessFilter`.
 *
 * @public
 */
export type AccessQuery =
  | {
      /** One of `claims` holds one of `roles` on the resource (or on its parent). */
      type: 'has-role';
      kind: ResourceKind;
      roles: Role[];
      claims: string[];
    }
  | {
      /** The resource is public. */
      type: 'is-public';
      kind: ResourceKind;
    };

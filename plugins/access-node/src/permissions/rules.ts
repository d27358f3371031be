import {
  createPermissionRule,
  PermissionResourceRef,
  PermissionRule,
} from '@backstage/plugin-permission-node';
import {
  isRoleAtLeast,
  RESOURCE_TYPES,
  ResourceKind,
  Role,
  roleSchema,
  rolesAtLeast,
} from '@cellport/plugin-access-common';
import { z } from 'zod';
import { AccessResource } from '../database/types';
import { AccessQuery } from './query';
import { accessResourceRefs } from './resourceRefs';

/**
 * Parameters of the HAS_ROLE rule.
 *
 * @public
 */
export type HasRoleParams = {
  /** The weakest role that satisfies the rule. */
  minimumRole: Role;
  /**
   * The caller's identities: their User entity reference and every Group they belong to
   * (lowercase). The policy resolves them; rules cannot look them up themselves.
   */
  claims: string[];
};

const hasRoleParamsSchema = z.object({
  minimumRole: roleSchema.describe('The weakest role that satisfies the rule'),
  claims: z
    .array(z.string())
    .describe(
      'Entity references of the user and of every group they belong to',
    ),
});

/**
 * Whether one of the claims holds at least `minimumRole` on the resource, directly or through the
 * resource's parent (an image repository's image group). Same logic as the HAS_ROLE rule's query.
 *
 * @public
 */
export function hasRole(
  resource: AccessResource,
  params: HasRoleParams,
): boolean {
  const claims = new Set(params.claims.map(c => c.toLocaleLowerCase('en-US')));
  return [...resource.members, ...resource.inheritedMembers].some(
    m => claims.has(m.member) && isRoleAtLeast(m.role, params.minimumRole),
  );
}

/**
 * The rules of one kind.
 *
 * @public
 */
export type AccessRules<TKind extends ResourceKind> = {
  /** HAS_ROLE: one of the claims holds at least `minimumRole`. */
  hasRole: PermissionRule<
    AccessResource,
    AccessQuery,
    (typeof RESOURCE_TYPES)[TKind],
    HasRoleParams
  >;
  /** IS_PUBLIC: the resource is public. */
  isPublic: PermissionRule<
    AccessResource,
    AccessQuery,
    (typeof RESOURCE_TYPES)[TKind],
    undefined
  >;
};

function createAccessRules<TKind extends ResourceKind>(
  kind: TKind,
): AccessRules<TKind> {
  // the generic kind keeps createPermissionRule's conditional option type from resolving
  const resourceRef = accessResourceRefs[kind] as PermissionResourceRef<
    AccessResource,
    AccessQuery,
    any
  >;
  return {
    hasRole: createPermissionRule({
      name: 'HAS_ROLE',
      description:
        'Allow users who hold at least the given role on the resource, directly, through one of their groups or through the parent image group',
      resourceRef,
      paramsSchema: hasRoleParamsSchema,
      apply: (resource: AccessResource, params: HasRoleParams) =>
        hasRole(resource, params),
      toQuery: (params: HasRoleParams) => ({
        type: 'has-role' as const,
        kind,
        roles: rolesAtLeast(params.minimumRole),
        claims: params.claims.map(c => c.toLocaleLowerCase('en-US')),
      }),
    }),
    isPublic: createPermissionRule({
      name: 'IS_PUBLIC',
      description: 'Allow anyone when the resource is public',
      resourceRef,
      apply: (resource: AccessResource) => resource.visibility === 'public',
      toQuery: () => ({ type: 'is-public' as const, kind }),
    }),
  };
}

/**
 * The permission rules of each kind: `HAS_ROLE` (`{ minimumRole, claims }`) and `IS_PUBLIC`.
 *
 * @public
 */
export const accessRules = {
  app: createAccessRules('app'),
  'image-group': createAccessRules('image-group'),
  'image-repository': createAccessRules('image-repository'),
  'build-config': createAccessRules('build-config'),
};

/**
 * The Cellport registry plugin's extension points.
 *
 * @packageDocumentation
 */
import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { PermissionPolicy } from '@backstage/plugin-permission-node';

/**
 * The policy the token endpoint decides with: a Backstage permission policy.
 *
 * @public
 */
export type RegistryTokenPolicy = PermissionPolicy;

/**
 * Sets the permission policy the registry's token endpoint decides `docker pull`/`push`/`delete`
 * with, for users (personal access tokens) and robots alike. Registry clients present no
 * Backstage token, so the permission backend cannot be asked on their behalf: give the token
 * endpoint the same policy instance you give the permission backend (`policyExtensionPoint`), and
 * one policy answers both. Default: the Cellport access policy
 * (`@cellport/plugin-access-node`'s `CellportAccessPolicy`).
 *
 * @public
 */
export interface RegistryTokenPolicyExtensionPoint {
  /** Sets the policy; one only. */
  setTokenPolicy(policy: RegistryTokenPolicy): void;
}

/**
 * The extension point of the token endpoint's permission policy.
 *
 * @public
 */
export const registryTokenPolicyExtensionPoint =
  createExtensionPoint<RegistryTokenPolicyExtensionPoint>({
    id: 'registry.token-policy',
  });

import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  RESOURCE_PLUGIN_IDS,
  RESOURCE_TYPES,
  ResourceKind,
} from '@cellport/plugin-access-common';
import { AccessResource } from '../database/types';
import { AccessQuery } from './query';

function refFor<TKind extends ResourceKind>(kind: TKind) {
  return createPermissionResourceRef<AccessResource, AccessQuery>().with({
    pluginId: RESOURCE_PLUGIN_IDS[kind],
    resourceType: RESOURCE_TYPES[kind],
  });
}

/**
 * The permission resource references of the four kinds: which plugin owns the resource type,
 * what its rules are applied to ({@link AccessResource}) and what they translate to
 * ({@link AccessQuery}).
 *
 * @public
 */
export const accessResourceRefs = {
  app: refFor('app'),
  'image-group': refFor('image-group'),
  'image-repository': refFor('image-repository'),
  'build-config': refFor('build-config'),
};

import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AccessService,
  CatalogClaimsResolver,
  CellportAccessPolicy,
} from '@cellport/plugin-access-node';
import { Knex } from 'knex';
import { policyPermissions } from '@cellport/test-utils';

function user(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: [] },
  };
}

/** An AccessService for apps on `knex` with the users alice, bob, carol and dave. */
export async function createTestAccess(knex: Knex): Promise<AccessService> {
  const catalog = catalogServiceMock({
    entities: ['alice', 'bob', 'carol', 'dave'].map(user),
  });
  const auth = mockServices.auth();
  const logger = mockServices.logger.mock();
  const policy = CellportAccessPolicy.create({
    claimsResolver: CatalogClaimsResolver.create({ catalog, auth, logger }),
    platformAdminGroup: 'group:default/platform-admins',
  });
  return AccessService.create({
    database: mockServices.database({ knex }),
    catalog,
    auth,
    permissions: policyPermissions({ policy, otherwise: AuthorizeResult.DENY }),
    auditor: mockServices.auditor.mock(),
    logger,
    kinds: ['app'],
  });
}

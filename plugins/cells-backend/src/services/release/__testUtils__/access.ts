import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
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

function user(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: [] },
  };
}

/** A PermissionsService deciding with the Cellport policy in process, as the permission backend would. */
function policyPermissions(policy: CellportAccessPolicy): PermissionsService {
  const decide = async (
    permission: any,
    credentials?: BackstageCredentials,
  ) => {
    const principal = credentials?.principal as any;
    if (principal?.type === 'service') {
      return { result: AuthorizeResult.ALLOW } as const;
    }
    const policyUser =
      principal?.type === 'user'
        ? {
            credentials: credentials!,
            info: {
              userEntityRef: principal.userEntityRef,
              ownershipEntityRefs: [principal.userEntityRef],
            },
          }
        : undefined;
    return (
      (await policy.decide({ permission }, policyUser as any)) ?? {
        result: AuthorizeResult.DENY,
      }
    );
  };
  return {
    async authorizeConditional(queries, options) {
      return Promise.all(
        queries.map(q => decide(q.permission, (options as any)?.credentials)),
      );
    },
    async authorize(requests, options) {
      return Promise.all(
        requests.map(async r => {
          const d = await decide(r.permission, (options as any)?.credentials);
          if (d.result === AuthorizeResult.CONDITIONAL) {
            throw new Error('conditional decisions are applied by the plugin');
          }
          return { result: d.result };
        }),
      );
    },
  } as PermissionsService;
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
    permissions: policyPermissions(policy),
    auditor: mockServices.auditor.mock(),
    logger,
    kinds: ['app'],
  });
}

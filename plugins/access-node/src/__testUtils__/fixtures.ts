import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { AccessService } from '../service/AccessService';
import { CatalogClaimsResolver } from '../policy/CatalogClaimsResolver';
import { CellportAccessPolicy } from '../policy/CellportAccessPolicy';
import { RESOURCE_KINDS } from '@cellport/plugin-access-common';

/** The platform admin group of the test org. */
export const ADMIN_GROUP = 'group:default/platform-admins';

function user(name: string, memberOf: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf },
    relations: memberOf.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

function group(name: string, parent?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
    relations: parent
      ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
      : [],
  };
}

/**
 * The test org: `subject` is in `team`, a sub-group of `org`; `admin` is in `platform-admins`;
 * `creator` owns every resource; `outsider` belongs to nothing.
 */
export const testEntities: Entity[] = [
  user('creator'),
  user('subject', ['team']),
  user('other', ['elsewhere']),
  user('admin', ['platform-admins']),
  user('outsider'),
  user('alice', ['payments-team']),
  user('bob', ['payments-team']),
  group('org'),
  group('team', 'org'),
  group('elsewhere', 'org'),
  group('payments-team'),
  group('platform-admins'),
];

/** Credentials of a test user by name. */
export function userCredentials(name: string): BackstageCredentials {
  return mockCredentials.user(`user:default/${name}`);
}

/**
 * A PermissionsService that asks the Cellport policy in-process, the way the permission backend
 * would (the sign-in claims are the user reference only; groups come from the catalog).
 */
export function policyPermissions(
  policy: CellportAccessPolicy,
): PermissionsService {
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
        result: AuthorizeResult.ALLOW,
      }
    );
  };
  return {
    async authorizeConditional(queries, options) {
      const credentials = (options as any)?.credentials;
      return Promise.all(queries.map(q => decide(q.permission, credentials)));
    },
    async authorize(requests, options) {
      const credentials = (options as any)?.credentials;
      return Promise.all(
        requests.map(async r => {
          const d = await decide(r.permission, credentials);
          if (d.result === AuthorizeResult.CONDITIONAL) {
            throw new Error('conditional decisions are applied by the plugin');
          }
          return { result: d.result };
        }),
      );
    },
  } as PermissionsService;
}

/** An auditor that records events in memory. */
export function recordingAuditor(): AuditorService & {
  events: Array<{ eventId: string; meta?: unknown; status?: string }>;
} {
  const events: Array<{ eventId: string; meta?: unknown; status?: string }> =
    [];
  return {
    events,
    async createEvent(options) {
      const event: { eventId: string; meta?: unknown; status?: string } = {
        eventId: options.eventId,
        meta: options.meta,
      };
      events.push(event);
      return {
        async success() {
          event.status = 'succeeded';
        },
        async fail() {
          event.status = 'failed';
        },
      };
    },
  };
}

/** An AccessService for every kind on the given database, deciding with the Cellport policy. */
export async function createTestAccess(knex: Knex) {
  const catalog = catalogServiceMock({ entities: testEntities });
  const auth = mockServices.auth();
  const logger = mockServices.logger.mock();
  const policy = CellportAccessPolicy.create({
    claimsResolver: CatalogClaimsResolver.create({ catalog, auth, logger }),
    platformAdminGroup: ADMIN_GROUP,
  });
  const auditor = recordingAuditor();
  const access = await AccessService.create({
    database: mockServices.database({ knex }),
    catalog,
    auth,
    permissions: policyPermissions(policy),
    auditor,
    logger,
    kinds: [...RESOURCE_KINDS],
  });
  return { access, auditor, policy, catalog };
}

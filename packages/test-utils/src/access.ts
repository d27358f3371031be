/**
 * Access fixtures shared by the plugins' tests: catalog users and groups, an auditor that records,
 * and an AccessService on a test database deciding with the Cellport policy in process.
 */
import { AuditorService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ResourceKind } from '@cellport/plugin-access-common';
import {
  AccessService,
  CatalogClaimsResolver,
  CellportAccessPolicy,
} from '@cellport/plugin-access-node';
import { Knex } from 'knex';
import { policyPermissions } from './policyPermissions';

/**
 * A catalog User `user:default/<name>`, member of the given groups (names in `default`).
 *
 * @public
 */
export function catalogUser(name: string, memberOf: string[] = []): Entity {
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

/**
 * A catalog Group `group:default/<name>` of type team, optionally a child of `parent`.
 *
 * @public
 */
export function catalogGroup(name: string, parent?: string): Entity {
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
 * One event an auditor recorded.
 *
 * @public
 */
export type RecordedAuditEvent = {
  eventId: string;
  meta?: unknown;
  status?: string;
};

/**
 * An AuditorService that records events (and whether they succeeded) in memory.
 *
 * @public
 */
export function recordingAuditor(): AuditorService & {
  events: RecordedAuditEvent[];
} {
  const events: RecordedAuditEvent[] = [];
  return {
    events,
    async createEvent(options) {
      const event: RecordedAuditEvent = {
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

/**
 * Options of {@link createTestAccess}.
 *
 * @public
 */
export type TestAccessOptions = {
  /** The test database; the access tables are migrated into it. */
  knex: Knex;
  /** The kinds the service owns. */
  kinds: ResourceKind[];
  /** The catalog: members must be among these Users and Groups. */
  entities: Entity[];
  /** Default `group:default/platform-admins`. */
  platformAdminGroup?: string;
  /** The decision on permissions the Cellport policy does not handle (default ALLOW). */
  otherwise?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
};

/**
 * An AccessService on a test database whose permissions are decided by the Cellport policy in
 * process, with group claims resolved from the catalog, the way the permission backend does.
 *
 * @public
 */
export async function createTestAccess(options: TestAccessOptions) {
  const catalog = catalogServiceMock({ entities: options.entities });
  const auth = mockServices.auth();
  const logger = mockServices.logger.mock();
  const policy = CellportAccessPolicy.create({
    claimsResolver: CatalogClaimsResolver.create({ catalog, auth, logger }),
    platformAdminGroup:
      options.platformAdminGroup ?? 'group:default/platform-admins',
  });
  const auditor = recordingAuditor();
  const access = await AccessService.create({
    database: mockServices.database({ knex: options.knex }),
    catalog,
    auth,
    permissions: policyPermissions({ policy, otherwise: options.otherwise }),
    auditor,
    logger,
    kinds: options.kinds,
  });
  return { access, auditor, policy, catalog };
}

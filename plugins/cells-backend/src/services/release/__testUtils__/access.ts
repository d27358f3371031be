import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AccessService } from '@cellport/plugin-access-node';
import { catalogUser, createTestAccess as createAccess } from '@cellport/test-utils';
import { Knex } from 'knex';

/** An AccessService for apps on `knex` with the users alice, bob, carol and dave. */
export async function createTestAccess(knex: Knex): Promise<AccessService> {
  const { access } = await createAccess({
    knex,
    kinds: ['app'],
    entities: ['alice', 'bob', 'carol', 'dave'].map(name => catalogUser(name)),
    otherwise: AuthorizeResult.DENY,
  });
  return access;
}

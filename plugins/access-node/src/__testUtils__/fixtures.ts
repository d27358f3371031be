/** Test fixtures of the access library: the test org on top of @cellport/test-utils' access fixtures. */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { RESOURCE_KINDS } from '@cellport/plugin-access-common';
import {
  catalogGroup,
  catalogUser,
  createTestAccess as createAccess,
} from '@cellport/test-utils';
import { Knex } from 'knex';

/** The platform admin group of the test org. */
export const ADMIN_GROUP = 'group:default/platform-admins';

/**
 * The test org: `subject` is in `team`, a sub-group of `org`; `admin` is in `platform-admins`;
 * `creator` owns every resource; `outsider` belongs to nothing.
 */
export const testEntities: Entity[] = [
  catalogUser('creator'),
  catalogUser('subject', ['team']),
  catalogUser('other', ['elsewhere']),
  catalogUser('admin', ['platform-admins']),
  catalogUser('outsider'),
  catalogUser('alice', ['payments-team']),
  catalogUser('bob', ['payments-team']),
  catalogGroup('org'),
  catalogGroup('team', 'org'),
  catalogGroup('elsewhere', 'org'),
  catalogGroup('payments-team'),
  catalogGroup('platform-admins'),
];

/** Credentials of a test user by name. */
export function userCredentials(name: string): BackstageCredentials {
  return mockCredentials.user(`user:default/${name}`);
}

/** An AccessService for every kind on the given database, deciding with the Cellport policy. */
export function createTestAccess(knex: Knex) {
  return createAccess({
    knex,
    kinds: [...RESOURCE_KINDS],
    entities: testEntities,
    platformAdminGroup: ADMIN_GROUP,
  });
}

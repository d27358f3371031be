import type {
  PersonalAccessToken,
  RobotAccount,
} from '@cellport/plugin-registry-common';
import { Knex } from 'knex';

/**
 * Narrows a list query to what the caller may see: `AccessListFilter.apply` from the access
 * library, which takes the query and the column holding the resource name.
 */
export type ListRestriction = (
  query: Knex.QueryBuilder,
  nameColumn: string,
) => Knex.QueryBuilder;

/** A personal access token row with what the token endpoint needs. */
export type StoredToken = PersonalAccessToken & { tokenHash: string };

/** A robot with its secret hash. */
export type StoredRobot = RobotAccount & { secretHash: string };

/** Input of {@link ActivityStore.recordTagPush}. */
export type TagPush = {
  repository: string;
  tag: string;
  digest: string;
  pusher: string;
  pushedAt: Date;
};

import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { PARENT_KINDS } from '@cellport/plugin-access-common';
import { Knex } from 'knex';
import { TABLES } from '../database/tables';
import { AccessQuery } from './query';

/**
 * Options of {@link applyAccessFilter}.
 *
 * @public
 */
export type ApplyAccessFilterOptions = {
  /** The plugin database (the one holding the access tables). */
  knex: Knex;
  /** The query to narrow, e.g. `knex('apps')`. */
  query: Knex.QueryBuilder;
  /** The conditions of a conditional decision, transformed to {@link AccessQuery} criteria. */
  criteria: PermissionCriteria<AccessQuery>;
  /** The column holding the resource name in `query`, e.g. `apps.name`. */
  nameColumn: string;
};

/**
 * Narrows a database query to the resources that satisfy permission criteria, so that lists are
 * filtered by the database rather than in memory. The conditions become `IN (subquery)` clauses
 * on the access tables, which must be in the same database as the queried table.
 *
 * @public
 */
export function applyAccessFilter(
  options: ApplyAccessFilterOptions,
): Knex.QueryBuilder {
  const { knex, query, criteria, nameColumn } = options;
  return query.where(builder =>
    addCriteria(knex, builder, criteria, nameColumn),
  );
}

function addCriteria(
  knex: Knex,
  builder: Knex.QueryBuilder,
  criteria: PermissionCriteria<AccessQuery>,
  nameColumn: string,
): void {
  if (isAndCriteria(criteria)) {
    for (const inner of criteria.allOf) {
      builder.andWhere(b => addCriteria(knex, b, inner, nameColumn));
    }
  } else if (isOrCriteria(criteria)) {
    if (criteria.anyOf.length === 0) {
      builder.whereRaw('1 = 0');
    }
    for (const inner of criteria.anyOf) {
      builder.orWhere(b => addCriteria(knex, b, inner, nameColumn));
    }
  } else if (isNotCriteria(criteria)) {
    builder.whereNot(b => addCriteria(knex, b, criteria.not, nameColumn));
  } else {
    addLeaf(knex, builder, criteria, nameColumn);
  }
}

function addLeaf(
  knex: Knex,
  builder: Knex.QueryBuilder,
  query: AccessQuery,
  nameColumn: string,
): void {
  if (query.type === 'is-public') {
    builder.whereIn(
      nameColumn,
      knex(TABLES.resources)
        .select('name')
        .where({ kind: query.kind, visibility: 'public' }),
    );
    return;
  }
  const claims = query.claims.map(c => c.toLocaleLowerCase('en-US'));
  builder.whereIn(
    nameColumn,
    knex(TABLES.members)
      .select('name')
      .where('kind', query.kind)
      .whereIn('member_ref', claims)
      .whereIn('role', query.roles),
  );
  const parentKind = PARENT_KINDS[query.kind];
  if (parentKind) {
    builder.orWhereIn(
      nameColumn,
      knex(`${TABLES.resources} as r`)
        .join(`${TABLES.members} as m`, join =>
          join
            .on('m.kind', '=', 'r.parent_kind')
            .andOn('m.name', '=', 'r.parent_name'),
        )
        .select('r.name')
        .where('r.kind', query.kind)
        .where('r.parent_kind', parentKind)
        .whereIn('m.member_ref', claims)
        .whereIn('m.role', query.roles),
    );
  }
}

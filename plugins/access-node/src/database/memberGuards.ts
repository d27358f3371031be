/** Guards of member changes inside their transaction: the locked resource, the member, another Owner. */
import { ConflictError, NotFoundError } from '@backstage/errors';
import { ResourceId } from '@cellport/plugin-access-common';
import { Knex } from 'knex';
import { describe } from './memberRows';
import { MemberRow, ResourceRow, TABLES } from './tables';

/** Loads the resource row, locking it on PostgreSQL until the transaction ends. */
export async function lockResource(
  trx: Knex.Transaction,
  id: ResourceId,
): Promise<ResourceRow> {
  const query = trx<ResourceRow>(TABLES.resources)
    .where({ kind: id.kind, name: id.name })
    .first();
  const row = supportsRowLocks(trx) ? await query.forUpdate() : await query;
  if (!row) {
    throw new NotFoundError(`${describe(id)} not found`);
  }
  return row;
}

function supportsRowLocks(db: Knex | Knex.Transaction): boolean {
  const client = String(db.client.config.client ?? '');
  return client === 'pg' || client.includes('postgres');
}

/** The member's own row on the resource; NotFoundError when they are no direct member. */
export async function requireMember(
  trx: Knex.Transaction,
  id: ResourceId,
  member: string,
): Promise<MemberRow> {
  const row = await trx<MemberRow>(TABLES.members)
    .where({ kind: id.kind, name: id.name, member_ref: member })
    .first();
  if (!row) {
    throw new NotFoundError(`${member} is not a member of ${describe(id)}`);
  }
  return row;
}

/** ConflictError unless the resource keeps another Owner once `member` is removed or demoted. */
export async function requireAnotherOwner(
  trx: Knex.Transaction,
  id: ResourceId,
  member: string,
  change: 'remove' | 'demote',
): Promise<void> {
  const others = await trx(TABLES.members)
    .where({ kind: id.kind, name: id.name, role: 'owner' })
    .whereNot({ member_ref: member })
    .count({ count: '*' });
  if (Number(others[0]?.count ?? 0) === 0) {
    throw new ConflictError(
      `Cannot ${change} ${member}: they are the last Owner of ${describe(
        id,
      )}; make another member Owner first`,
    );
  }
}

import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  memberGroupsOf,
  parseOwnerGroupRef as parseOwnerGroup,
  RowLocks,
} from '@cellport/plugin-access-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ImageGroupQuota } from '@cellport/plugin-registry-common';
import { Knex } from 'knex';
import { iso } from '../../database/stores/TableStore';

const QUOTAS = 'registry_quotas';
const OWNERS = 'registry_group_owner_groups';

/**
 * Image group quotas per owner group: set by platform admins, checked when an image group is
 * created (409 naming the quota, its limit and the use; nothing created). A new image group
 * counts against the groups its creator is a member of (catalog `memberOf`). The check, the
 * creation and its record run under the owner groups' quota locks
 * ({@link ImageGroupQuotas.createWithin}), so concurrent creations never pass a quota together.
 *
 * @public
 */
export class ImageGroupQuotas {
  private readonly locks: RowLocks;

  constructor(
    private readonly options: {
      knex: Knex;
      catalog: CatalogService;
      auth: AuthService;
    },
  ) {
    this.locks = new RowLocks(options.knex, { table: QUOTAS, column: 'owner_group' });
  }

  /**
   * Creates an image group (`create`, which returns it) if the creator's owner groups have room
   * for one more, and records it against them: the check, `create` and the record run while no
   * other creation for one of those groups runs (in this replica or another), so two concurrent
   * creations cannot both take a quota's last place. ConflictError naming the quota otherwise,
   * and `create` is not called.
   */
  async createWithin<T extends { name: string }>(
    credentials: BackstageCredentials,
    create: () => Promise<T>,
  ): Promise<T> {
    const groups = await this.ownerGroupsOf(credentials);
    return this.locks.withLocks(groups, async () => {
      await this.assertRoom(groups);
      const created = await create();
      await this.recordGroup(created.name, groups);
      return created;
    });
  }

  /** Every quota, and every owner group with image groups but no quota (`limits: {}`). */
  async list(): Promise<ImageGroupQuota[]> {
    const { knex } = this.options;
    const quotas = await knex(QUOTAS).orderBy('owner_group');
    const usage = await this.usage();
    const groups = new Set([
      ...quotas.map(q => q.owner_group as string),
      ...usage.keys(),
    ]);
    const byGroup = new Map(quotas.map(q => [q.owner_group, q]));
    return [...groups].sort().map(ownerGroup => {
      const row = byGroup.get(ownerGroup);
      return {
        ownerGroup,
        limits:
          row && row.image_groups !== null
            ? { imageGroups: Number(row.image_groups) }
            : {},
        usage: { imageGroups: usage.get(ownerGroup) ?? 0 },
        ...(row
          ? {
              updatedBy: row.updated_by,
              updatedAt: new Date(Number(row.updated_at)).toISOString(),
            }
          : {}),
      };
    });
  }

  async set(
    ownerGroup: string,
    limits: { imageGroups?: number },
    actor: string,
  ): Promise<ImageGroupQuota> {
    const group = parseOwnerGroup(ownerGroup);
    const row = {
      owner_group: group,
      image_groups: limits.imageGroups ?? null,
      updated_by: actor,
      updated_at: Date.now(),
    };
    await this.options.knex(QUOTAS).insert(row).onConflict('owner_group').merge();
    return {
      ownerGroup: group,
      limits: limits.imageGroups === undefined ? {} : { imageGroups: limits.imageGroups },
      usage: { imageGroups: (await this.usage(group)).get(group) ?? 0 },
      updatedBy: actor,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  /** NotFoundError when the group has no quota (or is no group reference). */
  async remove(ownerGroup: string): Promise<void> {
    const group = ownerGroup.trim().toLocaleLowerCase('en-US');
    const n = await this.options.knex(QUOTAS).where({ owner_group: group }).delete();
    if (n === 0) {
      throw new NotFoundError(`${group} has no image group quota`);
    }
  }

  /**
   * Checks one more image group for the creator's owner groups (ConflictError when one would
   * exceed its quota) and returns them, to {@link ImageGroupQuotas.recordGroup} once created.
   * Not atomic with the creation: creators use {@link ImageGroupQuotas.createWithin}.
   */
  async checkNewGroup(credentials: BackstageCredentials): Promise<string[]> {
    const groups = await this.ownerGroupsOf(credentials);
    await this.assertRoom(groups);
    return groups;
  }

  /** ConflictError when one more image group would exceed a quota of one of `groups`. */
  private async assertRoom(groups: string[]): Promise<void> {
    if (groups.length === 0) return;
    const quotas = await this.options.knex(QUOTAS)
      .whereIn('owner_group', groups)
      .whereNotNull('image_groups');
    if (quotas.length === 0) return;
    const usage = await this.usage();
    for (const quota of quotas) {
      const limit = Number(quota.image_groups);
      const used = usage.get(quota.owner_group) ?? 0;
      if (used + 1 > limit) {
        throw new ConflictError(
          `quota exceeded for ${quota.owner_group}: image groups would be ${
            used + 1
          } of ${limit} (in use ${used})`,
        );
      }
    }
  }

  /** Remembers the owner groups of a created image group. */
  async recordGroup(name: string, ownerGroups: string[]): Promise<void> {
    await this.options.knex.transaction(async tx => {
      await tx(OWNERS).where({ group_name: name }).delete();
      if (ownerGroups.length > 0) {
        await tx(OWNERS).insert(
          ownerGroups.map(owner_group => ({ group_name: name, owner_group })),
        );
      }
    });
  }

  /** Image pushes per UTC day over the last `days` days (today included), oldest first. */
  async pushesPerDay(days: number, now = Date.now()) {
    const DAY = 86_400_000;
    const today = Math.floor(now / DAY) * DAY;
    const since = today - (days - 1) * DAY;
    const counts = new Map<string, number>();
    for (let t = since; t <= today; t += DAY) {
      counts.set(new Date(t).toISOString().slice(0, 10), 0);
    }
    const rows = await this.options.knex('registry_activity')
      .where({ action: 'image-pushed' })
      .where('created_at', '>=', new Date(since))
      .pluck('created_at');
    for (const at of rows) {
      const date = iso(at)?.slice(0, 10);
      if (date && counts.has(date)) counts.set(date, counts.get(date)! + 1);
    }
    return [...counts].map(([date, pushes]) => ({ date, pushes }));
  }

  /** Image groups per owner group (only image groups that still exist). */
  private async usage(only?: string): Promise<Map<string, number>> {
    const q = this.options.knex(`${OWNERS} as o`)
      .join('registry_groups as g', 'g.name', 'o.group_name')
      .groupBy('o.owner_group')
      .select('o.owner_group')
      .count({ n: '*' });
    if (only) q.where('o.owner_group', only);
    const rows = (await q) as { owner_group: string; n: number | string }[];
    return new Map(rows.map(r => [r.owner_group, Number(r.n)]));
  }

  private async ownerGroupsOf(credentials: BackstageCredentials): Promise<string[]> {
    const principal = credentials.principal as { userEntityRef?: string };
    if (!principal.userEntityRef) return [];
    let user;
    try {
      user = await this.options.catalog.getEntityByRef(principal.userEntityRef, {
        credentials: await this.options.auth.getOwnServiceCredentials(),
      });
    } catch (e) {
      throw new ServiceUnavailableError(
        `could not look ${principal.userEntityRef} up in the catalog to find its groups (${
          e instanceof Error ? e.message : String(e)
        }); nothing was changed, try again`,
      );
    }
    return memberGroupsOf(user);
  }
}

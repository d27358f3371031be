import { RowLocks } from '@cellport/plugin-access-node';
import { QuotaLimits } from '@cellport/plugin-cells-common';
import { Knex } from 'knex';
import { QUOTA_TABLES } from './quotaMigrations';

/**
 * A quota as stored.
 *
 * @public
 */
export interface StoredQuota {
  ownerGroup: string;
  limits: QuotaLimits;
  updatedBy: string;
  updatedAt: string;
}

const num = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);

function toQuota(row: any): StoredQuota {
  const limits: QuotaLimits = {};
  const apps = num(row.apps);
  const cpu = num(row.cpu_millis);
  const memory = num(row.memory_bytes);
  if (apps !== undefined) limits.apps = apps;
  if (cpu !== undefined) limits.cpuMillis = cpu;
  if (memory !== undefined) limits.memoryBytes = memory;
  return {
    ownerGroup: row.owner_group,
    limits,
    updatedBy: row.updated_by,
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

/**
 * The quota tables (knex: SQLite or PostgreSQL): quotas per owner group, the owner groups of each
 * app and the replicas versions were scaled to by hand.
 *
 * @public
 */
export class QuotaStore {
  private readonly locks: RowLocks;

  constructor(private readonly knex: Knex) {
    this.locks = new RowLocks(knex, { table: QUOTA_TABLES.quotas, column: 'owner_group' });
  }

  /**
   * Runs `change` holding the locks of the quotas of `groups` (see RowLocks): a quota check
   * made inside still holds when the change it allowed is recorded.
   */
  withOwnerGroupLocks<T>(groups: string[], change: () => Promise<T>): Promise<T> {
    return this.locks.withLocks(groups, change);
  }

  async listQuotas(): Promise<StoredQuota[]> {
    const rows = await this.knex(QUOTA_TABLES.quotas).orderBy('owner_group');
    return rows.map(toQuota);
  }

  async getQuotas(groups: string[]): Promise<StoredQuota[]> {
    if (groups.length === 0) return [];
    const rows = await this.knex(QUOTA_TABLES.quotas).whereIn(
      'owner_group',
      groups,
    );
    return rows.map(toQuota);
  }

  async setQuota(
    ownerGroup: string,
    limits: QuotaLimits,
    updatedBy: string,
  ): Promise<StoredQuota> {
    const row = {
      owner_group: ownerGroup,
      apps: limits.apps ?? null,
      cpu_millis: limits.cpuMillis ?? null,
      memory_bytes: limits.memoryBytes ?? null,
      updated_by: updatedBy,
      updated_at: Date.now(),
    };
    await this.knex(QUOTA_TABLES.quotas)
      .insert(row)
      .onConflict('owner_group')
      .merge();
    return toQuota(row);
  }

  /** False when there was no quota. */
  async deleteQuota(ownerGroup: string): Promise<boolean> {
    const n = await this.knex(QUOTA_TABLES.quotas)
      .where({ owner_group: ownerGroup })
      .delete();
    return n > 0;
  }

  /** Every app with its owner groups (only apps that still exist). */
  async listAppOwners(): Promise<Map<string, string[]>> {
    const rows: { app: string; owner_group: string }[] = await this.knex(
      `${QUOTA_TABLES.appOwners} as o`,
    )
      .join('apps', 'apps.name', 'o.app')
      .select('o.app', 'o.owner_group')
      .orderBy(['o.app', 'o.owner_group']);
    const owners = new Map<string, string[]>();
    for (const r of rows) {
      owners.set(r.app, [...(owners.get(r.app) ?? []), r.owner_group]);
    }
    return owners;
  }

  async getAppOwners(app: string): Promise<string[]> {
    return this.knex(QUOTA_TABLES.appOwners)
      .where({ app })
      .orderBy('owner_group')
      .pluck('owner_group');
  }

  /** The apps counting against one of `groups` (only apps that still exist). */
  async appsOwnedBy(groups: string[]): Promise<string[]> {
    if (groups.length === 0) return [];
    return this.knex(`${QUOTA_TABLES.appOwners} as o`)
      .join('apps', 'apps.name', 'o.app')
      .whereIn('o.owner_group', groups)
      .distinct('o.app')
      .orderBy('o.app')
      .pluck('o.app');
  }

  /** Replaces an app's owner groups. */
  async setAppOwners(app: string, groups: string[]): Promise<void> {
    await this.knex.transaction(async tx => {
      await tx(QUOTA_TABLES.appOwners).where({ app }).delete();
      if (groups.length > 0) {
        await tx(QUOTA_TABLES.appOwners).insert(
          groups.map(owner_group => ({ app, owner_group })),
        );
      }
    });
  }

  /** Forgets an app's owners and scaled replicas (the app is gone). */
  async forgetApp(app: string): Promise<void> {
    await this.knex(QUOTA_TABLES.appOwners).where({ app }).delete();
    await this.knex(QUOTA_TABLES.replicas).where({ app }).delete();
  }

  /** Replicas per `version/cell` of an app, as last scaled by hand. */
  async scaledReplicas(app: string): Promise<Map<string, number>> {
    const rows = await this.knex(QUOTA_TABLES.replicas).where({ app });
    return new Map(
      rows.map(r => [`${r.version}/${r.cell}`, Number(r.replicas)]),
    );
  }

  async setScaledReplicas(
    app: string,
    version: string,
    cell: string,
    replicas: number,
  ): Promise<void> {
    await this.knex(QUOTA_TABLES.replicas)
      .insert({ app, version, cell, replicas })
      .onConflict(['app', 'version', 'cell'])
      .merge();
  }
}

import { ConflictError, NotFoundError } from '@backstage/errors';
import type { Visibility } from '@cellport/plugin-access-common';
import type {
  ImageGroup,
  ImageRepository,
  PersonalAccessToken,
  RegistryActivity,
  RobotAccount,
  RobotScope,
} from '@cellport/plugin-registry-common';
import { robotUsername } from '@cellport/plugin-registry-common';
import { Knex } from 'knex';
import { applyRegistryMigrations } from './migrations';

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

/** Input of {@link RegistryStore.recordTagPush}. */
export type TagPush = {
  repository: string;
  tag: string;
  digest: string;
  pusher: string;
  pushedAt: Date;
};

function iso(value: Date | string | number | null | undefined) {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  const d = new Date(
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  );
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString();
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * The registry plugin's database: groups, repositories, members, tokens, robots, activity.
 *
 * @public
 */
export class RegistryStore {
  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<RegistryStore> {
    if (!options.skipMigrations) {
      await applyRegistryMigrations(options.knex);
    }
    return new RegistryStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  // --- groups -------------------------------------------------------------------------------

  private toGroup(row: any): ImageGroup {
    return {
      name: row.name,
      visibility: row.visibility,
      description: row.description ?? '',
      createdBy: row.created_by,
      createdAt: iso(row.created_at)!,
      ...(row.repository_count !== undefined
        ? { repositoryCount: Number(row.repository_count) }
        : {}),
    };
  }

  async getGroup(name: string): Promise<ImageGroup | undefined> {
    const row = await this.db('registry_groups').where({ name }).first();
    return row ? this.toGroup(row) : undefined;
  }

  /**
   * Groups by name; `restrict` narrows the query (an access list filter on `g.name`), and
   * `restrictRepositories` the repositories counted in `repositoryCount` (on `r.name`), so that
   * the count never includes repositories the caller cannot see.
   */
  async listGroups(
    restrict?: ListRestriction,
    restrictRepositories?: ListRestriction,
  ): Promise<ImageGroup[]> {
    const count = this.db('registry_repositories as r')
      .count('*')
      .whereRaw('r.group_name = g.name');
    const query = this.db('registry_groups as g')
      .select(
        'g.*',
        (restrictRepositories ? restrictRepositories(count, 'r.name') : count).as(
          'repository_count',
        ),
      )
      .orderBy('g.name');
    const rows = await (restrict ? restrict(query, 'g.name') : query);
    return rows.map((r: any) => this.toGroup(r));
  }

  async createGroup(input: {
    name: string;
    visibility: Visibility;
    description: string;
    owner: string;
  }): Promise<ImageGroup> {
    const now = new Date();
    await this.db.transaction(async tx => {
      const existing = await tx('registry_groups')
        .where({ name: input.name })
        .first();
      if (existing) {
        throw new ConflictError(`image group '${input.name}' already exists`);
      }
      await tx('registry_groups').insert({
        name: input.name,
        visibility: input.visibility,
        description: input.description,
        created_by: input.owner,
        created_at: now,
      });
      await this.activity(tx, input.name, null, 'group-created', input.owner, {
        visibility: input.visibility,
      });
    });
    return (await this.getGroup(input.name))!;
  }

  async updateGroup(
    name: string,
    patch: { visibility?: Visibility; description?: string },
    actor: string,
  ): Promise<ImageGroup> {
    await this.db.transaction(async tx => {
      const row = await tx('registry_groups').where({ name }).first();
      if (!row) {
        throw new NotFoundError(`image group '${name}' not found`);
      }
      const update: Record<string, unknown> = {};
      if (patch.description !== undefined) {
        update.description = patch.description;
      }
      if (patch.visibility !== undefined && patch.visibility !== row.visibility) {
        update.visibility = patch.visibility;
        await this.activity(tx, name, null, 'visibility-changed', actor, {
          from: row.visibility,
          to: patch.visibility,
        });
      }
      if (Object.keys(update).length) {
        await tx('registry_groups').where({ name }).update(update);
      }
    });
    return (await this.getGroup(name))!;
  }

  /** Deletes a group and everything in it (the caller has emptied the registry first). */
  async deleteGroup(name: string): Promise<void> {
    await this.db.transaction(async tx => {
      const repos = await tx('registry_repositories')
        .where({ group_name: name })
        .pluck('name');
      if (repos.length) {
        await tx('registry_tag_pushes').whereIn('repository', repos).delete();
      }
      await tx('registry_repositories').where({ group_name: name }).delete();
      if (repos.length) {
        await tx('registry_manifests').whereIn('repository', repos).delete();
      }
      await tx('registry_robots').where({ group_name: name }).delete();
      await tx('registry_activity').where({ group_name: name }).delete();
      await tx('registry_groups').where({ name }).delete();
    });
  }

  // --- repositories -------------------------------------------------------------------------

  private toRepository(row: any): ImageRepository {
    return {
      name: row.name,
      group: row.group_name,
      visibilityOverride: row.visibility ?? null,
      visibility: (row.visibility ?? row.group_visibility) as Visibility,
      description: row.description ?? '',
      createdBy: row.created_by,
      createdAt: iso(row.created_at)!,
      pullCount: Number(row.pull_count ?? 0),
    };
  }

  private repositoryQuery(db: Knex | Knex.Transaction = this.db) {
    return db('registry_repositories as r')
      .join('registry_groups as g', 'g.name', 'r.group_name')
      .select('r.*', 'g.visibility as group_visibility');
  }

  async getRepository(name: string): Promise<ImageRepository | undefined> {
    const row = await this.repositoryQuery().where('r.name', name).first();
    return row ? this.toRepository(row) : undefined;
  }

  async listRepositories(
    filter: {
      group?: string;
      query?: string;
    },
    restrict?: ListRestriction,
  ): Promise<ImageRepository[]> {
    let q = this.repositoryQuery().orderBy('r.name');
    if (filter.group) {
      q.where('r.group_name', filter.group);
    }
    if (filter.query) {
      q.where('r.name', 'like', `%${filter.query.replace(/[%_\\]/g, '')}%`);
    }
    if (restrict) {
      q = restrict(q, 'r.name');
    }
    return (await q).map(r => this.toRepository(r));
  }

  /** Creates a repository; with `ifMissing` an existing one is returned instead of a conflict. */
  async createRepository(input: {
    name: string;
    group: string;
    visibility: Visibility | null;
    description: string;
    actor: string;
    ifMissing?: boolean;
  }): Promise<ImageRepository> {
    await this.db.transaction(async tx => {
      const group = await tx('registry_groups')
        .where({ name: input.group })
        .first();
      if (!group) {
        throw new NotFoundError(`image group '${input.group}' not found`);
      }
      const existing = await tx('registry_repositories')
        .where({ name: input.name })
        .first();
      if (existing) {
        if (input.ifMissing) {
          return;
        }
        throw new ConflictError(`repository '${input.name}' already exists`);
      }
      await tx('registry_repositories').insert({
        name: input.name,
        group_name: input.group,
        visibility: input.visibility,
        description: input.description,
        created_by: input.actor,
        created_at: new Date(),
        pull_count: 0,
      });
      await this.activity(
        tx,
        input.group,
        input.name,
        'repository-created',
        input.actor,
        { visibility: input.visibility ?? 'inherited' },
      );
    });
    return (await this.getRepository(input.name))!;
  }

  async updateRepository(
    name: string,
    patch: { visibility?: Visibility | null; description?: string },
    actor: string,
  ): Promise<ImageRepository> {
    await this.db.transaction(async tx => {
      const row = await this.repositoryQuery(tx).where('r.name', name).first();
      if (!row) {
        throw new NotFoundError(`repository '${name}' not found`);
      }
      const update: Record<string, unknown> = {};
      if (patch.description !== undefined) {
        update.description = patch.description;
      }
      if (patch.visibility !== undefined && patch.visibility !== row.visibility) {
        update.visibility = patch.visibility;
        await this.activity(tx, row.group_name, name, 'visibility-changed', actor, {
          from: row.visibility ?? `inherited (${row.group_visibility})`,
          to: patch.visibility ?? `inherited (${row.group_visibility})`,
        });
      }
      if (Object.keys(update).length) {
        await tx('registry_repositories').where({ name }).update(update);
      }
    });
    return (await this.getRepository(name))!;
  }

  async deleteRepository(name: string, actor: string): Promise<void> {
    await this.db.transaction(async tx => {
      const row = await tx('registry_repositories').where({ name }).first();
      if (!row) {
        throw new NotFoundError(`repository '${name}' not found`);
      }
      await tx('registry_tag_pushes').where({ repository: name }).delete();
      await tx('registry_manifests').where({ repository: name }).delete();
      await tx('registry_activity').where({ repository: name }).delete();
      await tx('registry_repositories').where({ name }).delete();
      await this.activity(tx, row.group_name, null, 'repository-deleted', actor, {
        repository: name,
      });
    });
  }

  async addPulls(repository: string, count: number): Promise<void> {
    await this.db('registry_repositories')
      .where({ name: repository })
      .increment('pull_count', count);
  }

  // --- personal access tokens -----------------------------------------------------------------

  private toToken(row: any): StoredToken {
    return {
      id: row.id,
      user: row.user_ref,
      name: row.name,
      createdAt: iso(row.created_at)!,
      expiresAt: iso(row.expires_at)!,
      lastUsedAt: iso(row.last_used_at),
      revokedAt: iso(row.revoked_at),
      tokenHash: row.token_hash,
    };
  }

  async createToken(input: {
    id: string;
    user: string;
    name: string;
    tokenHash: string;
    expiresAt: Date;
  }): Promise<PersonalAccessToken> {
    await this.db('registry_tokens').insert({
      id: input.id,
      user_ref: input.user,
      name: input.name,
      token_hash: input.tokenHash,
      created_at: new Date(),
      expires_at: input.expiresAt,
    });
    const { tokenHash, ...token } = this.toToken(
      await this.db('registry_tokens').where({ id: input.id }).first(),
    );
    return token;
  }

  async listTokens(user: string): Promise<PersonalAccessToken[]> {
    const rows = await this.db('registry_tokens')
      .where({ user_ref: user })
      .orderBy('created_at', 'desc');
    return rows.map(r => {
      const { tokenHash, ...token } = this.toToken(r);
      return token;
    });
  }

  async findTokenByHash(tokenHash: string): Promise<StoredToken | undefined> {
    const row = await this.db('registry_tokens')
      .where({ token_hash: tokenHash })
      .first();
    return row ? this.toToken(row) : undefined;
  }

  async touchToken(id: string): Promise<void> {
    await this.touchTokens([id]);
  }

  /** Sets the last use of these tokens to now, skipping those written in the last minute. */
  async touchTokens(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db('registry_tokens')
        .whereIn('id', ids.slice(i, i + 500))
        .andWhere(b =>
          b
            .whereNull('last_used_at')
            .orWhere('last_used_at', '<', new Date(Date.now() - 60_000)),
        )
        .update({ last_used_at: new Date() });
    }
  }

  /** Revokes a user's token. False when the user has no such token. */
  async revokeToken(user: string, id: string): Promise<boolean> {
    const n = await this.db('registry_tokens')
      .where({ id, user_ref: user })
      .whereNull('revoked_at')
      .update({ revoked_at: new Date() });
    if (n === 0) {
      return !!(await this.db('registry_tokens')
        .where({ id, user_ref: user })
        .first());
    }
    return true;
  }

  // --- robots -------------------------------------------------------------------------------

  private toRobot(row: any): StoredRobot {
    return {
      name: row.name,
      group: row.group_name,
      username: robotUsername(row.group_name, row.name),
      scopes: parseJson<RobotScope[]>(row.scopes, []),
      createdBy: row.created_by,
      ...(row.on_behalf_of ? { onBehalfOf: row.on_behalf_of } : {}),
      ...(row.expires_at ? { expiresAt: iso(row.expires_at)! } : {}),
      createdAt: iso(row.created_at)!,
      secretHash: row.secret_hash,
    };
  }

  async createRobot(input: {
    group: string;
    name: string;
    scopes: RobotScope[];
    secretHash: string;
    actor: string;
    /** The user whose rights bound the robot's, for robots a service makes for a user. */
    onBehalfOf?: string;
    /** When the robot stops working; never when absent. */
    expiresAt?: Date;
  }): Promise<RobotAccount> {
    await this.db.transaction(async tx => {
      const existing = await tx('registry_robots')
        .where({ group_name: input.group, name: input.name })
        .first();
      if (existing) {
        throw new ConflictError(
          `robot '${input.name}' already exists in image group '${input.group}'`,
        );
      }
      await tx('registry_robots').insert({
        group_name: input.group,
        name: input.name,
        secret_hash: input.secretHash,
        scopes: JSON.stringify(input.scopes),
        created_by: input.actor,
        created_at: new Date(),
        on_behalf_of: input.onBehalfOf ?? null,
        expires_at: input.expiresAt ?? null,
      });
      await this.activity(tx, input.group, null, 'robot-created', input.actor, {
        robot: input.name,
        scopes: input.scopes,
        ...(input.onBehalfOf ? { onBehalfOf: input.onBehalfOf } : {}),
      });
    });
    const { secretHash, ...robot } = (await this.getRobot(
      input.group,
      input.name,
    ))!;
    return robot;
  }

  async getRobot(group: string, name: string): Promise<StoredRobot | undefined> {
    const row = await this.db('registry_robots')
      .where({ group_name: group, name })
      .first();
    return row ? this.toRobot(row) : undefined;
  }

  async listRobots(group: string): Promise<RobotAccount[]> {
    const rows = await this.db('registry_robots')
      .where({ group_name: group })
      .orderBy('name');
    return rows.map(r => {
      const { secretHash, ...robot } = this.toRobot(r);
      return robot;
    });
  }

  async deleteRobot(group: string, name: string, actor: string): Promise<void> {
    const n = await this.db('registry_robots')
      .where({ group_name: group, name })
      .delete();
    if (!n) {
      throw new NotFoundError(
        `robot '${name}' not found in image group '${group}'`,
      );
    }
    await this.activity(this.db, group, null, 'robot-deleted', actor, {
      robot: name,
    });
  }

  // --- activity and tag pushes --------------------------------------------------------------

  private async activity(
    db: Knex | Knex.Transaction,
    group: string,
    repository: string | null,
    action: string,
    actor: string,
    details: Record<string, unknown>,
  ) {
    await db('registry_activity').insert({
      group_name: group,
      repository,
      action,
      actor,
      details: JSON.stringify(details),
      created_at: new Date(),
    });
  }

  async recordActivity(
    group: string,
    repository: string | null,
    action: string,
    actor: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.activity(this.db, group, repository, action, actor, details);
  }

  async listActivity(filter: {
    group: string;
    repository?: string;
    limit: number;
    before?: number;
  }): Promise<RegistryActivity[]> {
    const q = this.db('registry_activity')
      .where({ group_name: filter.group })
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.repository) {
      q.where({ repository: filter.repository });
    }
    if (filter.before) {
      q.where('id', '<', filter.before);
    }
    return (await q).map(r => ({
      id: Number(r.id),
      group: r.group_name,
      ...(r.repository ? { repository: r.repository } : {}),
      action: r.action,
      actor: r.actor,
      createdAt: iso(r.created_at)!,
      details: parseJson(r.details, {}),
    }));
  }

  /** Marks a registry event as processed; false when it was already. */
  async claimEvent(id: string): Promise<boolean> {
    try {
      await this.db('registry_events').insert({ id, received_at: new Date() });
      return true;
    } catch (e) {
      const existing = await this.db('registry_events').where({ id }).first();
      if (existing) {
        return false;
      }
      throw e;
    }
  }

  async recordTagPush(push: TagPush): Promise<void> {
    await this.db('registry_tag_pushes')
      .insert({
        repository: push.repository,
        tag: push.tag,
        digest: push.digest,
        pusher: push.pusher,
        pushed_at: push.pushedAt,
      })
      .onConflict(['repository', 'tag'])
      .merge();
  }

  async getTagPushes(
    repository: string,
    tags: string[],
  ): Promise<Map<string, { digest: string; pusher: string; pushedAt: string }>> {
    if (!tags.length) {
      return new Map();
    }
    const rows = await this.db('registry_tag_pushes')
      .where({ repository })
      .whereIn('tag', tags);
    return new Map(
      rows.map(r => [
        r.tag,
        { digest: r.digest, pusher: r.pusher, pushedAt: iso(r.pushed_at)! },
      ]),
    );
  }

  /** Remembers a manifest pushed to a repository (idempotent). */
  async recordManifest(
    repository: string,
    digest: string,
    pushedAt: Date,
  ): Promise<void> {
    await this.db('registry_manifests')
      .insert({ repository, digest, pushed_at: pushedAt })
      .onConflict(['repository', 'digest'])
      .ignore();
  }

  /** Every manifest digest pushed to a repository that the portal heard of. */
  async listManifests(repository: string): Promise<string[]> {
    return this.db('registry_manifests')
      .where({ repository })
      .orderBy('digest')
      .pluck('digest');
  }

  async deleteTagPush(repository: string, tag: string): Promise<void> {
    await this.db('registry_tag_pushes').where({ repository, tag }).delete();
  }
}

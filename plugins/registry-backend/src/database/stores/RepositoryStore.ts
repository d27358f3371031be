import { ConflictError, NotFoundError } from '@backstage/errors';
import type { Visibility } from '@cellport/plugin-access-common';
import type { ImageRepository } from '@cellport/plugin-registry-common';
import { type Page, type PageRequest, pageOfRows } from '@cellport/common';
import { Knex } from 'knex';
import { iso, TableStore } from './TableStore';
import type { ListRestriction } from './types';

/**
 * Image repositories and their pull counts.
 *
 * @public
 */
export class RepositoryStore extends TableStore {

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

  /** Every repository of `filter`, by name (for work on all of a group's repositories). */
  async listRepositories(
    filter: {
      group?: string;
      query?: string;
    },
    restrict?: ListRestriction,
  ): Promise<ImageRepository[]> {
    return (await this.repositoryRows(filter, restrict)).map(r => this.toRepository(r));
  }

  /**
   * A page of the repositories of `filter` by name (keyset: the names after `page.after`), the
   * access filter `restrict` applied in the query, so hidden repositories are never counted.
   */
  async listRepositoriesPage(
    filter: { group?: string; query?: string },
    page: PageRequest,
    restrict?: ListRestriction,
  ): Promise<Page<ImageRepository>> {
    const rows = await this.repositoryRows(filter, restrict, page);
    return pageOfRows(rows.map(r => this.toRepository(r)), page.limit, r => [r.name]);
  }

  private repositoryRows(
    filter: { group?: string; query?: string },
    restrict?: ListRestriction,
    page?: PageRequest,
  ) {
    let q = this.repositoryQuery().orderBy('r.name');
    if (page) {
      q.limit(page.limit + 1);
      if (page.after) q.where('r.name', '>', page.after[0]);
    }
    if (filter.group) {
      q.where('r.group_name', filter.group);
    }
    if (filter.query) {
      q.where('r.name', 'like', `%${filter.query.replace(/[%_\\]/g, '')}%`);
    }
    if (restrict) {
      q = restrict(q, 'r.name');
    }
    return q;
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

}

import { ConflictError, NotFoundError } from '@backstage/errors';
import type { Visibility } from '@cellport/plugin-access-common';
import type { ImageGroup } from '@cellport/plugin-registry-common';
import { type Page, type PageRequest, pageOfRows } from '@cellport/common';
import { iso, TableStore } from './TableStore';
import type { ListRestriction } from './types';

/**
 * Image groups (the registry tables; members and roles are the access library's).
 *
 * @public
 */
export class GroupStore extends TableStore {

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
   * A page of groups by name (keyset: the names after `page.after`); `restrict` narrows the query
   * (an access list filter on `g.name`), so the page, its size and its cursor count visible groups
   * only, and `restrictRepositories` the repositories counted in `repositoryCount` (on `r.name`),
   * so that the count never includes repositories the caller cannot see.
   */
  async listGroups(
    page: PageRequest,
    restrict?: ListRestriction,
    restrictRepositories?: ListRestriction,
  ): Promise<Page<ImageGroup>> {
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
      .orderBy('g.name')
      .limit(page.limit + 1);
    if (page.after) query.where('g.name', '>', page.after[0]);
    const rows = await (restrict ? restrict(query, 'g.name') : query);
    return pageOfRows(rows.map((r: any) => this.toGroup(r)), page.limit, g => [g.name]);
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

}

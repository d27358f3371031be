import type { RegistryActivity } from '@cellport/plugin-registry-common';
import { iso, parseJson, TableStore } from './TableStore';
import type { TagPush } from './types';

/**
 * Registry activity, registry notification ids, tag pushes and recorded manifests.
 *
 * @public
 */
export class ActivityStore extends TableStore {

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

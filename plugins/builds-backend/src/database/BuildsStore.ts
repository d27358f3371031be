import {
  Build,
  BuildAttempt,
  BuildState,
  BuildStep,
  BuildStepName,
  BuildTrigger,
  TagRule,
} from '@cellport/plugin-builds-common';
import { Knex } from 'knex';
import { applyBuildsMigrations } from './migrations';
import {
  BUILD_COLUMNS,
  CONFIG_COLUMNS,
  patchRow,
  toBuild,
  toConfig,
} from './buildRows';

/**
 * A build argument as stored: secret values only encrypted.
 *
 * @public
 */
export type StoredBuildArg = {
  name: string;
  value?: string;
  secret: boolean;
  /** The encrypted value of a secret argument. */
  enc?: string;
};

/**
 * A build config row.
 *
 * @public
 */
export type StoredBuildConfig = {
  name: string;
  repositoryUrl: string;
  branch: string;
  context: string;
  dockerfile: string;
  buildArgs: StoredBuildArg[];
  imageRepository: string;
  tagRule: TagRule;
  cacheMountPath: string;
  /** The webhook secret, AES-GCM encrypted; never in an answer but the one that set it. */
  webhookSecretEnc: string;
  /** When the webhook secret was set (ISO 8601). */
  webhookSecretSetAt: string;
  /** Who set the webhook secret (user entity ref). */
  webhookSecretSetBy: string;
  counter: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

/**
 * A build with what only the backend needs.
 *
 * @public
 */
export type StoredBuild = Build & {
  attempt: number;
  cancelRequested: boolean;
  dispatchedAt?: string;
};

/**
 * The builds plugin's database: build configs, builds, log chunks and webhook deliveries.
 *
 * @public
 */
export class BuildsStore {
  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<BuildsStore> {
    if (!options.skipMigrations) {
      await applyBuildsMigrations(options.knex);
    }
    return new BuildsStore(options.knex);
  }

  private constructor(readonly db: Knex) {}

  // --- configs ------------------------------------------------------------------------------

  async createConfig(
    config: Omit<
      StoredBuildConfig,
      | 'counter'
      | 'createdAt'
      | 'updatedAt'
      | 'webhookSecretSetAt'
      | 'webhookSecretSetBy'
    >,
  ): Promise<StoredBuildConfig> {
    const now = new Date();
    await this.db('build_configs').insert({
      name: config.name,
      repository_url: config.repositoryUrl,
      branch: config.branch,
      context: config.context,
      dockerfile: config.dockerfile,
      build_args: JSON.stringify(config.buildArgs),
      image_repository: config.imageRepository,
      tag_rule: JSON.stringify(config.tagRule),
      cache_mount_path: config.cacheMountPath,
      webhook_secret_enc: config.webhookSecretEnc,
      webhook_secret_set_at: now,
      webhook_secret_set_by: config.createdBy,
      counter: 0,
      created_by: config.createdBy,
      created_at: now,
      updated_at: now,
    });
    return (await this.getConfig(config.name))!;
  }

  async getConfig(name: string): Promise<StoredBuildConfig | undefined> {
    const row = await this.db('build_configs').where({ name }).first();
    return row ? toConfig(row) : undefined;
  }

  /**
   * Configs whose names pass `filter` (the access filter of the caller), by name: those after
   * `page.after`, at most `page.limit` of them (keyset pagination).
   */
  async listConfigs(
    filter: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
    page: { after?: string; limit?: number } = {},
  ): Promise<StoredBuildConfig[]> {
    let query = filter(this.db('build_configs').select('*'));
    if (page.after !== undefined) {
      query = query.where('build_configs.name', '>', page.after);
    }
    query = query.orderBy('build_configs.name');
    if (page.limit !== undefined) {
      query = query.limit(page.limit);
    }
    const rows = await query;
    return rows.map((r: any) => toConfig(r));
  }

  async updateConfig(
    name: string,
    patch: Partial<
      Pick<
        StoredBuildConfig,
        | 'repositoryUrl'
        | 'branch'
        | 'context'
        | 'dockerfile'
        | 'buildArgs'
        | 'imageRepository'
        | 'tagRule'
        | 'cacheMountPath'
      >
    >,
  ): Promise<StoredBuildConfig> {
    const row = {
      ...patchRow(patch, CONFIG_COLUMNS, {
        buildArgs: 'build_args',
        tagRule: 'tag_rule',
      }),
      updated_at: new Date(),
    };
    await this.db('build_configs').where({ name }).update(row);
    return (await this.getConfig(name))!;
  }

  /** Replaces a config's webhook secret (encrypted) and records who set it, when. */
  async setWebhookSecret(
    name: string,
    sealed: string,
    setBy: string,
  ): Promise<StoredBuildConfig> {
    const now = new Date();
    await this.db('build_configs').where({ name }).update({
      webhook_secret_enc: sealed,
      webhook_secret_set_at: now,
      webhook_secret_set_by: setBy,
      updated_at: now,
    });
    return (await this.getConfig(name))!;
  }

  /** Deletes a config with its builds, logs and deliveries. */
  async deleteConfig(name: string): Promise<void> {
    await this.db.transaction(async tx => {
      const ids = tx('builds').select('id').where({ config: name });
      await tx('build_log_chunks').whereIn('build_id', ids).delete();
      await tx('builds').where({ config: name }).delete();
      await tx('build_webhook_deliveries').where({ config: name }).delete();
      await tx('build_configs').where({ name }).delete();
    });
  }

  // --- builds -------------------------------------------------------------------------------

  /** Creates a queued build with the config's next number. */
  async createBuild(input: {
    id: string;
    config: string;
    trigger: BuildTrigger;
    branch: string;
    commit?: string;
    tag?: (number: number) => string | undefined;
    noCache: boolean;
    createdBy: string;
    steps: BuildStep[];
  }): Promise<StoredBuild> {
    await this.db.transaction(async tx => {
      await tx('build_configs')
        .where({ name: input.config })
        .increment('counter', 1);
      const { counter } = await tx('build_configs')
        .where({ name: input.config })
        .first('counter');
      const number = Number(counter);
      await tx('builds').insert({
        id: input.id,
        config: input.config,
        number,
        state: 'queued',
        trigger: JSON.stringify(input.trigger),
        branch: input.branch,
        commit: input.commit ?? null,
        tag: input.tag?.(number) ?? null,
        no_cache: input.noCache,
        attempt: 0,
        attempts: '[]',
        steps: JSON.stringify(input.steps),
        created_by: input.createdBy,
        created_at: new Date(),
      });
    });
    return (await this.getBuild(input.id))!;
  }

  async getBuild(id: string): Promise<StoredBuild | undefined> {
    const row = await this.db('builds').where({ id }).first();
    return row ? toBuild(row) : undefined;
  }

  async getBuildByNumber(
    config: string,
    number: number,
  ): Promise<StoredBuild | undefined> {
    const row = await this.db('builds').where({ config, number }).first();
    return row ? toBuild(row) : undefined;
  }

  async listBuilds(config: string, limit: number): Promise<StoredBuild[]> {
    const rows = await this.db('builds')
      .where({ config })
      .orderBy('number', 'desc')
      .limit(limit);
    return rows.map((r: any) => toBuild(r));
  }

  async listBuildsInStates(states: BuildState[]): Promise<StoredBuild[]> {
    const rows = await this.db('builds')
      .whereIn('state', states)
      .orderBy('created_at', 'asc');
    return rows.map((r: any) => toBuild(r));
  }

  /**
   * Changes a build only when it is still in the state and attempt the caller saw, so that of
   * several replicas acting on the same build exactly one wins. True when this call won.
   */
  async transition(
    id: string,
    expected: { state: BuildState | BuildState[]; attempt?: number },
    patch: Partial<{
      state: BuildState;
      agent: string | null;
      attempt: number;
      attempts: BuildAttempt[];
      steps: BuildStep[];
      commit: string;
      tag: string;
      digest: string;
      failedStep: BuildStepName | null;
      reason: string | null;
      cancelRequested: boolean;
      startedAt: Date;
      dispatchedAt: Date | null;
      finishedAt: Date;
    }>,
  ): Promise<boolean> {
    const row = patchRow(patch, BUILD_COLUMNS, {
      attempts: 'attempts',
      steps: 'steps',
    });
    const states = Array.isArray(expected.state)
      ? expected.state
      : [expected.state];
    let query = this.db('builds').where({ id }).whereIn('state', states);
    if (expected.attempt !== undefined) {
      query = query.andWhere('attempt', expected.attempt);
    }
    return (await query.update(row)) === 1;
  }

  /** Running builds per agent, for capacity checks. */
  async runningPerAgent(): Promise<Map<string, number>> {
    const rows = await this.db('builds')
      .select('agent')
      .count({ n: '*' })
      .where({ state: 'running' })
      .groupBy('agent');
    return new Map(rows.map((r: any) => [String(r.agent), Number(r.n)]));
  }

  // --- logs ---------------------------------------------------------------------------------

  /** Stores a log chunk; a chunk stored before (by another replica) is ignored. */
  async appendLog(
    buildId: string,
    attempt: number,
    seq: number,
    lines: Array<{ at: string; text: string }>,
  ): Promise<void> {
    await this.db('build_log_chunks')
      .insert({ build_id: buildId, attempt, seq, lines: JSON.stringify(lines) })
      .onConflict(['build_id', 'attempt', 'seq'])
      .ignore();
  }

  /** Log chunks after a cursor `attempt.seq`, in order. */
  async readLog(
    buildId: string,
    after: { attempt: number; seq: number } | undefined,
    limitChunks = 200,
  ): Promise<
    Array<{
      attempt: number;
      seq: number;
      lines: Array<{ at: string; text: string }>;
    }>
  > {
    let query = this.db('build_log_chunks').where({ build_id: buildId });
    if (after) {
      query = query.andWhere(q =>
        q
          .where('attempt', '>', after.attempt)
          .orWhere(q2 =>
            q2.where('attempt', after.attempt).andWhere('seq', '>', after.seq),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'attempt', order: 'asc' },
        { column: 'seq', order: 'asc' },
      ])
      .limit(limitChunks);
    return rows.map((r: any) => ({
      attempt: Number(r.attempt),
      seq: Number(r.seq),
      lines: JSON.parse(r.lines),
    }));
  }

  // --- webhook deliveries -------------------------------------------------------------------

  /** Records a delivery; false when it was recorded before (a replay). */
  async recordDelivery(config: string, delivery: string): Promise<boolean> {
    try {
      await this.db('build_webhook_deliveries').insert({
        config,
        delivery,
        received_at: new Date(),
      });
      return true;
    } catch (e) {
      const seen = await this.db('build_webhook_deliveries')
        .where({ config, delivery })
        .first();
      if (seen) return false;
      throw e;
    }
  }
}

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
  webhookSecretEnc: string;
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

function iso(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value as string);
  return date.toISOString();
}

const json = <T>(value: unknown, fallback: T): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : fallback;

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

  private toConfig(row: any): StoredBuildConfig {
    return {
      name: row.name,
      repositoryUrl: row.repository_url,
      branch: row.branch,
      context: row.context,
      dockerfile: row.dockerfile,
      buildArgs: json(row.build_args, []),
      imageRepository: row.image_repository,
      tagRule: json(row.tag_rule, { type: 'commit' }),
      cacheMountPath: row.cache_mount_path,
      webhookSecretEnc: row.webhook_secret_enc,
      counter: Number(row.counter),
      createdBy: row.created_by,
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
    };
  }

  async createConfig(
    config: Omit<StoredBuildConfig, 'counter' | 'createdAt' | 'updatedAt'>,
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
      counter: 0,
      created_by: config.createdBy,
      created_at: now,
      updated_at: now,
    });
    return (await this.getConfig(config.name))!;
  }

  async getConfig(name: string): Promise<StoredBuildConfig | undefined> {
    const row = await this.db('build_configs').where({ name }).first();
    return row ? this.toConfig(row) : undefined;
  }

  /** Configs whose names pass `filter` (the access filter of the caller), by name. */
  async listConfigs(
    filter: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<StoredBuildConfig[]> {
    const rows = await filter(this.db('build_configs').select('*')).orderBy(
      'name',
    );
    return rows.map((r: any) => this.toConfig(r));
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
    const row: Record<string, unknown> = { updated_at: new Date() };
    const columns: Record<string, string> = {
      repositoryUrl: 'repository_url',
      branch: 'branch',
      context: 'context',
      dockerfile: 'dockerfile',
      imageRepository: 'image_repository',
      cacheMountPath: 'cache_mount_path',
    };
    for (const [key, column] of Object.entries(columns)) {
      const value = (patch as Record<string, unknown>)[key];
      if (value !== undefined) row[column] = value;
    }
    if (patch.buildArgs) row.build_args = JSON.stringify(patch.buildArgs);
    if (patch.tagRule) row.tag_rule = JSON.stringify(patch.tagRule);
    await this.db('build_configs').where({ name }).update(row);
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

  private toBuild(row: any): StoredBuild {
    return {
      id: row.id,
      config: row.config,
      number: Number(row.number),
      state: row.state as BuildState,
      trigger: json<BuildTrigger>(row.trigger, { type: 'manual', actor: '' }),
      branch: row.branch,
      commit: row.commit ?? undefined,
      tag: row.tag ?? undefined,
      digest: row.digest ?? undefined,
      noCache: Boolean(row.no_cache),
      agent: row.agent ?? undefined,
      attempt: Number(row.attempt),
      attempts: json<BuildAttempt[]>(row.attempts, []),
      steps: json<BuildStep[]>(row.steps, []),
      failedStep: (row.failed_step ?? undefined) as BuildStepName | undefined,
      reason: row.reason ?? undefined,
      cancelRequested: Boolean(row.cancel_requested),
      createdBy: row.created_by,
      createdAt: iso(row.created_at)!,
      startedAt: iso(row.started_at),
      dispatchedAt: iso(row.dispatched_at),
      finishedAt: iso(row.finished_at),
    };
  }

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
    return row ? this.toBuild(row) : undefined;
  }

  async getBuildByNumber(
    config: string,
    number: number,
  ): Promise<StoredBuild | undefined> {
    const row = await this.db('builds').where({ config, number }).first();
    return row ? this.toBuild(row) : undefined;
  }

  async listBuilds(config: string, limit: number): Promise<StoredBuild[]> {
    const rows = await this.db('builds')
      .where({ config })
      .orderBy('number', 'desc')
      .limit(limit);
    return rows.map((r: any) => this.toBuild(r));
  }

  async listBuildsInStates(states: BuildState[]): Promise<StoredBuild[]> {
    const rows = await this.db('builds')
      .whereIn('state', states)
      .orderBy('created_at', 'asc');
    return rows.map((r: any) => this.toBuild(r));
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
    const row: Record<string, unknown> = {};
    const map: Record<string, string> = {
      state: 'state',
      agent: 'agent',
      attempt: 'attempt',
      commit: 'commit',
      tag: 'tag',
      digest: 'digest',
      failedStep: 'failed_step',
      reason: 'reason',
      cancelRequested: 'cancel_requested',
      startedAt: 'started_at',
      dispatchedAt: 'dispatched_at',
      finishedAt: 'finished_at',
    };
    for (const [key, column] of Object.entries(map)) {
      const value = (patch as Record<string, unknown>)[key];
      if (value !== undefined) row[column] = value;
    }
    if (patch.attempts) row.attempts = JSON.stringify(patch.attempts);
    if (patch.steps) row.steps = JSON.stringify(patch.steps);
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

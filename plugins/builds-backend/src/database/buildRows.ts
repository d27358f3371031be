import type {
  BuildAttempt,
  BuildState,
  BuildStep,
  BuildStepName,
  BuildTrigger,
} from '@cellport/plugin-builds-common';
import type { StoredBuild, StoredBuildConfig } from './BuildsStore';

/** How build configs and builds map to and from the rows of the builds tables. */

function iso(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value as string);
  return date.toISOString();
}

const json = <T>(value: unknown, fallback: T): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : fallback;

/** A `build_configs` row as a config. */
export function toConfig(row: any): StoredBuildConfig {
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
    webhookSecretSetAt: iso(row.webhook_secret_set_at) ?? iso(row.created_at)!,
    webhookSecretSetBy: row.webhook_secret_set_by ?? row.created_by,
    counter: Number(row.counter),
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

/** A `builds` row as a build. */
export function toBuild(row: any): StoredBuild {
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

/** The columns of a config's fields an update may set as they are (JSON ones apart). */
export const CONFIG_COLUMNS: Record<string, string> = {
  repositoryUrl: 'repository_url',
  branch: 'branch',
  context: 'context',
  dockerfile: 'dockerfile',
  imageRepository: 'image_repository',
  cacheMountPath: 'cache_mount_path',
};

/** The columns of a build's fields a transition may set as they are (JSON ones apart). */
export const BUILD_COLUMNS: Record<string, string> = {
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

/**
 * The row of `patch`: each defined field of `columns` in its column, `json` fields serialized
 * (undefined: left as is).
 */
export function patchRow(
  patch: object,
  columns: Record<string, string>,
  jsonFields: Record<string, string>,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const values = patch as Record<string, unknown>;
  for (const [key, column] of Object.entries(columns)) {
    if (values[key] !== undefined) row[column] = values[key];
  }
  for (const [key, column] of Object.entries(jsonFields)) {
    if (values[key]) row[column] = JSON.stringify(values[key]);
  }
  return row;
}

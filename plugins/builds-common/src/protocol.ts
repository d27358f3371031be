import { BuildStepName } from './types';

/**
 * The default etcd key prefix of the builds protocol.
 *
 * @public
 */
export const DEFAULT_BUILDS_ETCD_PREFIX = '/builds';

/**
 * The etcd keys of the builds protocol under a prefix (default `/builds`):
 *
 * - `{prefix}/agents/{host}`: an agent's {@link AgentRegistration}, under the agent's lease
 * - `{prefix}/tasks/{host}/{buildId}`: a {@link BuildTask} for that agent; deleting it cancels it
 * - `{prefix}/reports/{buildId}/{attempt}/{seq}`: the agent's {@link AgentReport}s, consumed and
 *   deleted by the backend in key order
 * - `{prefix}/tokens/{buildId}/{attempt}`: the push token the backend minted when the agent asked
 *   for it (a `token-request` report), under a lease as long as the token lives
 *
 * @public
 */
export function buildsEtcdKeys(prefix = DEFAULT_BUILDS_ETCD_PREFIX) {
  const p = prefix.replace(/\/+$/, '');
  return {
    agents: `${p}/agents/`,
    agent: (host: string) => `${p}/agents/${host}`,
    tasks: (host: string) => `${p}/tasks/${host}/`,
    task: (host: string, buildId: string) => `${p}/tasks/${host}/${buildId}`,
    reports: `${p}/reports/`,
    report: (buildId: string, attempt: number, seq: number) =>
      `${p}/reports/${buildId}/${String(attempt).padStart(3, '0')}/${String(
        seq,
      ).padStart(9, '0')}`,
    token: (buildId: string, attempt: number) =>
      `${p}/tokens/${buildId}/${String(attempt).padStart(3, '0')}`,
  };
}

/**
 * What an agent publishes about itself under its lease.
 *
 * @public
 */
export type AgentRegistration = {
  host: string;
  /** How many builds it runs at once. */
  capacity: number;
  /** How many it runs now. */
  running: number;
  /** Bytes in its layer storage and dependency caches. */
  cacheBytes: number;
  /** ISO 8601. */
  startedAt: string;
};

/**
 * A build task handed to one agent.
 *
 * @public
 */
export type BuildTask = {
  buildId: string;
  attempt: number;
  /** The build config's name: selects the dependency cache folder. */
  config: string;
  git: { url: string; branch: string; commit?: string };
  /** Relative to the repository root. */
  context: string;
  /** Relative to the context. */
  dockerfile: string;
  buildArgs: Array<{ name: string; value: string; secret: boolean }>;
  /** Container path where the config's cache folder is mounted in RUN steps. */
  cacheMountPath: string;
  noCache: boolean;
  image: {
    /** `host[:port]` of the registry. */
    registry: string;
    /** Plain HTTP registry. */
    insecure: boolean;
    repository: string;
    /** The tag, or absent to tag with the commit's short SHA. */
    tag?: string;
  };
};

/**
 * A report from an agent about a build attempt.
 *
 * @public
 */
export type AgentReport =
  | { type: 'log'; lines: Array<{ at: string; text: string }> }
  | {
      type: 'step';
      step: BuildStepName;
      state: 'running' | 'succeeded' | 'failed' | 'cancelled';
      at: string;
      durationMs?: number;
    }
  | { type: 'commit'; commit: string; tag: string }
  /** Asks for the push token (minted then, so it is short-lived). */
  | { type: 'token-request'; at: string }
  | {
      type: 'result';
      state: 'succeeded' | 'failed' | 'cancelled';
      at: string;
      digest?: string;
      tag?: string;
      step?: BuildStepName;
      reason?: string;
      /** The agent lost the build (restart, lost registration): the backend may retry it. */
      agentLost?: boolean;
    };

/**
 * How the tag of a build's image is chosen: the commit's short SHA (the default), the branch plus
 * a counter (`main-12`), or a fixed tag.
 *
 * @public
 */
export type TagRule =
  | { type: 'commit' }
  | { type: 'branch-counter' }
  | { type: 'fixed'; tag: string };

/**
 * A build argument as shown by the API: secret values are never returned.
 *
 * @public
 */
export type BuildArgView = {
  name: string;
  /** The value; absent for secret arguments. */
  value?: string;
  /** Secret arguments are stored encrypted and masked in logs. */
  secret: boolean;
};

/**
 * A build config: what to build (git repository, branch, Dockerfile and context) and where the
 * image goes (image repository and tag rule).
 *
 * @public
 */
export type BuildConfig = {
  /** DNS-1123 label, unique; the resource name `build-config:<name>`. */
  name: string;
  /** Git URL, http(s) or ssh. */
  repositoryUrl: string;
  /** The branch builds start from and webhooks listen to. */
  branch: string;
  /** Build context folder, relative to the repository root (`.` for the root). */
  context: string;
  /** Dockerfile path, relative to the context. */
  dockerfile: string;
  /** Build arguments, secret values left out. */
  buildArgs: BuildArgView[];
  /** Target image repository `group/name` in the Cellport registry. */
  imageRepository: string;
  /** How image tags are chosen. */
  tagRule: TagRule;
  /** Where the config's dependency cache folder is mounted in `RUN` steps. */
  cacheMountPath: string;
  /** Who created it (entity reference). */
  createdBy: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
};

/**
 * What anyone who may edit a build config learns of its webhook secret: whether one is set, when
 * and by whom, and its last four characters (to tell it apart from another). The secret itself is
 * only in the answer that made it: the config's creation or an explicit rotation.
 *
 * @public
 */
export type WebhookSecretStatus = {
  /** Whether the config has a secret (webhook deliveries are refused without one). */
  set: boolean;
  /** When it was set (ISO 8601). */
  setAt?: string;
  /** Who set it (a user entity ref). */
  setBy?: string;
  /** Its last four characters. */
  lastFour?: string;
};

/**
 * A new webhook secret, shown once: in the creation answer of a config and in the answer of a
 * rotation. No other answer holds it.
 *
 * @public
 */
export type NewWebhookSecret = {
  /** The secret: GitLab's secret token, the HMAC key of GitHub and Gitea. */
  secret: string;
  /** When it was set (ISO 8601). */
  setAt: string;
  /** Who set it (a user entity ref). */
  setBy: string;
};

/**
 * A build config as its creation answers it: the config and its new webhook secret, shown this
 * once.
 *
 * @public
 */
export type CreatedBuildConfig = BuildConfig & {
  /** The new webhook secret; no later answer holds it (rotate it to get a new one). */
  webhookSecret: string;
};

/**
 * The webhook endpoints of a build config and the state of their shared secret (never the secret
 * itself), for members who may edit it.
 *
 * @public
 */
export type BuildWebhooks = {
  /** Whether a secret is set, when and by whom; never its value. */
  secret: WebhookSecretStatus;
  /** One endpoint per platform, with a setup hint. */
  endpoints: Array<{
    platform: WebhookPlatform;
    url: string;
    hint: string;
  }>;
};

/**
 * The git platforms whose push webhooks start builds.
 *
 * @public
 */
export const WEBHOOK_PLATFORMS = ['gitlab', 'github', 'gitea'] as const;

/**
 * A git platform whose push webhooks start builds.
 *
 * @public
 */
export type WebhookPlatform = (typeof WEBHOOK_PLATFORMS)[number];

/**
 * The end states of a build, and the states before.
 *
 * @public
 */
export type BuildState =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled';

/**
 * The steps of a build, in order.
 *
 * @public
 */
export const BUILD_STEPS = ['clone', 'build', 'push'] as const;

/**
 * A step of a build.
 *
 * @public
 */
export type BuildStepName = (typeof BUILD_STEPS)[number];

/**
 * A step's progress.
 *
 * @public
 */
export type BuildStep = {
  name: BuildStepName;
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** ISO 8601, when it started. */
  startedAt?: string;
  /** Milliseconds, once it ended. */
  durationMs?: number;
};

/**
 * What started a build.
 *
 * @public
 */
export type BuildTrigger =
  | { type: 'manual'; actor: string }
  | {
      type: 'webhook';
      platform: WebhookPlatform;
      /** The pusher's user name on the platform. */
      pusher?: string;
      deliveryId?: string;
    }
  | { type: 'retry'; previousAgent: string };

/**
 * One run of a build on an agent. A build is retried once on the next agent when its agent dies.
 *
 * @public
 */
export type BuildAttempt = {
  attempt: number;
  agent: string;
  startedAt: string;
  endedAt?: string;
  /** Why the attempt ended when it failed. */
  reason?: string;
};

/**
 * A build of a build config.
 *
 * @public
 */
export type Build = {
  id: string;
  config: string;
  /** 1, 2, ... per config. */
  number: number;
  state: BuildState;
  trigger: BuildTrigger;
  branch: string;
  /** The commit built (known once cloned, or from the webhook). */
  commit?: string;
  /** The image tag (known up front, or once the commit is known). */
  tag?: string;
  /** `registryHost/group/name:tag`. */
  image?: string;
  /** The pushed manifest digest. */
  digest?: string;
  noCache: boolean;
  /** The agent of the current (last) attempt. */
  agent?: string;
  attempts: BuildAttempt[];
  steps: BuildStep[];
  /** The step that failed. */
  failedStep?: BuildStepName;
  /** Why it failed or was cancelled. */
  reason?: string;
  createdBy: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
};

/**
 * A page of a build's log.
 *
 * @public
 */
export type BuildLogPage = {
  lines: Array<{ at: string; text: string; attempt: number }>;
  /** Pass as `after` to get the next lines. */
  cursor: string;
  /** True once the build ended and every line was returned. */
  complete: boolean;
};

/**
 * A build agent as the portal sees it.
 *
 * @public
 */
export type BuildAgentView = {
  host: string;
  capacity: number;
  running: number;
  cacheBytes: number;
  startedAt: string;
};

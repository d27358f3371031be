/**
 * What the builds backend's admin route (`GET /api/builds/admin/operations`, platform admins only)
 * answers: builds per UTC day with their failures, and the latest failed builds.
 */

/**
 * Builds of one UTC day.
 *
 * @public
 */
export type BuildDay = {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  /** Builds created that day (manual or webhook). */
  builds: number;
  /** Of those, the builds that ended failed. */
  failed: number;
};

/**
 * A failed build, as `GET /api/builds/admin/operations` lists it.
 *
 * @public
 */
export type FailedBuild = {
  config: string;
  number: number;
  /** When it failed (ISO 8601). */
  failedAt: string;
  /** The step that failed (clone, build, push), when known. */
  step?: string;
  reason?: string;
  /** A user entity ref, or `<platform>:<pusher>` for webhook builds. */
  startedBy: string;
};

/**
 * What `GET /api/builds/admin/operations` answers.
 *
 * @public
 */
export type BuildOperationsReport = {
  /** Every day of the period, oldest first, zeros included. */
  days: BuildDay[];
  /** The latest failed builds, newest first. */
  failedBuilds: FailedBuild[];
};

/**
 * Image pushes of one UTC day.
 *
 * @public
 */
export type RegistryOperationsDay = {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  pushes: number;
};

/**
 * Answer of `GET /admin/operations`: every day present, oldest first.
 *
 * @public
 */
export type RegistryOperationsReport = {
  days: RegistryOperationsDay[];
};

/**
 * An owner group's image group quota and usage (`limits: {}` when it has no quota).
 *
 * @public
 */
export type ImageGroupQuota = {
  /** `group:<namespace>/<name>`. */
  ownerGroup: string;
  /** An omitted limit is unlimited. */
  limits: { imageGroups?: number };
  usage: { imageGroups: number };
  updatedBy?: string;
  updatedAt?: string;
};
